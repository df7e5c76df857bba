package io.autorenew.renewal;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.autorenew.keys.InMemoryKeyStore;
import io.autorenew.keys.RecordingProvisioner;
import io.autorenew.keys.UserKey;
import io.autorenew.money.InMemorySuspensions;
import io.autorenew.money.MoneyFixtures;
import io.autorenew.openrouter.ApiKey;
import io.autorenew.openrouter.OpenRouterException;
import io.autorenew.openrouter.UpstreamFailure;
import io.autorenew.web.ProblemException;
import org.junit.jupiter.api.Test;

import static io.autorenew.support.Upstream.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The renewal layer's 401 rule, with a scripted upstream that records the keys it saw. */
class OpenRouterGateTests {

	private final RenewalFixture world = new RenewalFixture();

	private final InMemoryKeyStore store = this.world.store;

	private final RecordingProvisioner provisioner = this.world.provisioner;

	private final OpenRouterGate client = new OpenRouterGate(null, this.world.renewer, new InMemorySuspensions(),
			MoneyFixtures.budgets(this.world.provisioner, BigDecimal.valueOf(5), "monthly", this.world.clock));

	private final List<ApiKey> seen = new ArrayList<>();

	@Test
	void firstUseProvisionsAndCallsWithTheNewKey() {
		OpenRouterGate.KeyedResult<String> result = this.client.withUserKey("alice", this::answer);

		assertThat(result.value()).isEqualTo("ok");
		assertThat(result.keyProvisioned()).isTrue();
		assertThat(result.keyRenewed()).isFalse();
		assertThat(this.seen).containsExactly(this.provisioner.minted.get(0).key());
	}

	@Test
	void retriesOnceAfter401WithTheRenewedKey() {
		this.client.withUserKey("alice", this::answer);
		UserKey old = this.store.find("alice").orElseThrow();
		this.seen.clear();

		OpenRouterGate.KeyedResult<String> result = this.client.withUserKey("alice",
				(key) -> key.equals(old.key()) ? reject(key) : answer(key));

		assertThat(result.keyRenewed()).isTrue();
		assertThat(result.keyProvisioned()).isFalse();
		assertThat(this.seen).containsExactly(old.key(), this.provisioner.minted.get(1).key());
	}

	@Test
	void doesNotRetryASecond401() {
		this.client.withUserKey("alice", this::answer);
		this.seen.clear();

		assertThatThrownBy(() -> this.client.withUserKey("alice", this::reject))
			.is(failure(UpstreamFailure.KEY_REJECTED));
		assertThat(this.seen).hasSize(2);
		assertThat(this.provisioner.minted).hasSize(2);
	}

	@Test
	void neverRenewsForCreditsRateLimitsOrOutages() {
		this.client.withUserKey("alice", this::answer);

		assertThatThrownBy(() -> this.client.withUserKey("alice", (key) -> {
			throw new OpenRouterException(UpstreamFailure.CREDITS_EXHAUSTED, "chat completion", 402, null);
		})).is(failure(UpstreamFailure.CREDITS_EXHAUSTED));
		assertThatThrownBy(() -> this.client.withUserKey("alice", (key) -> {
			throw OpenRouterException.rateLimited("chat completion", Duration.ofSeconds(3));
		})).is(failure(UpstreamFailure.RATE_LIMITED));
		assertThatThrownBy(() -> this.client.withUserKey("alice", (key) -> {
			throw new OpenRouterException(UpstreamFailure.UNAVAILABLE, "chat completion", 503, "upstream error", null);
		})).is(failure(UpstreamFailure.UNAVAILABLE));
		assertThat(this.provisioner.minted).hasSize(1);
	}

	@Test
	void theKeysOwnLimitReachedIsTheUsersBudgetExhaustedNotTheAccountsCredits() {
		this.client.withUserKey("alice", this::answer);

		assertThatThrownBy(() -> this.client.withUserKey("alice", (key) -> {
			throw new OpenRouterException(UpstreamFailure.KEY_LIMIT, "chat completion", 403, null);
		})).isInstanceOf(ProblemException.class)
			.isNotInstanceOf(OpenRouterException.class)
			.satisfies((failure) -> {
				assertThat(((ProblemException) failure).problemCode()).isEqualTo("budget_exhausted");
				assertThat(((ProblemException) failure).problemProperties()).containsKey("periodEndsAt");
			});
		assertThatThrownBy(() -> this.client.withUserKey("alice", (key) -> {
			throw new OpenRouterException(UpstreamFailure.CREDITS_EXHAUSTED, "chat completion", 402, null);
		})).is(failure(UpstreamFailure.CREDITS_EXHAUSTED));
		assertThat(this.provisioner.minted).hasSize(1);
	}

	private String answer(ApiKey key) {
		this.seen.add(key);
		return "ok";
	}

	private String reject(ApiKey key) {
		this.seen.add(key);
		throw OpenRouterException.keyRejected("chat completion");
	}

}
