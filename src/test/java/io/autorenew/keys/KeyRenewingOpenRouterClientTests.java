package io.autorenew.keys;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.autorenew.openrouter.ApiKey;
import io.autorenew.openrouter.OpenRouterAuthenticationException;
import io.autorenew.openrouter.OpenRouterCreditsException;
import io.autorenew.openrouter.OpenRouterRateLimitedException;
import io.autorenew.openrouter.OpenRouterUnavailableException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The renewal layer's 401 rule, with a scripted upstream that records the keys it saw. */
class KeyRenewingOpenRouterClientTests {

	private final RenewalFixture world = new RenewalFixture();

	private final InMemoryKeyStore store = this.world.store;

	private final RecordingProvisioner provisioner = this.world.provisioner;

	private final KeyRenewingOpenRouterClient client = new KeyRenewingOpenRouterClient(null, this.world.renewer);

	private final List<ApiKey> seen = new ArrayList<>();

	@Test
	void firstUseProvisionsAndCallsWithTheNewKey() {
		KeyRenewingOpenRouterClient.KeyedResult<String> result = this.client.withUserKey("alice", this::answer);

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

		KeyRenewingOpenRouterClient.KeyedResult<String> result = this.client.withUserKey("alice",
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
			.isInstanceOf(OpenRouterAuthenticationException.class);
		assertThat(this.seen).hasSize(2);
		assertThat(this.provisioner.minted).hasSize(2);
	}

	@Test
	void neverRenewsForCreditsRateLimitsOrOutages() {
		this.client.withUserKey("alice", this::answer);

		assertThatThrownBy(() -> this.client.withUserKey("alice", (key) -> {
			throw new OpenRouterCreditsException("chat completion", 402);
		})).isInstanceOf(OpenRouterCreditsException.class);
		assertThatThrownBy(() -> this.client.withUserKey("alice", (key) -> {
			throw new OpenRouterRateLimitedException("chat completion", Duration.ofSeconds(3));
		})).isInstanceOf(OpenRouterRateLimitedException.class);
		assertThatThrownBy(() -> this.client.withUserKey("alice", (key) -> {
			throw new OpenRouterUnavailableException("chat completion", 503, "upstream error", null);
		})).isInstanceOf(OpenRouterUnavailableException.class);
		assertThat(this.provisioner.minted).hasSize(1);
	}

	private String answer(ApiKey key) {
		this.seen.add(key);
		return "ok";
	}

	private String reject(ApiKey key) {
		this.seen.add(key);
		throw new OpenRouterAuthenticationException("chat completion");
	}

}
