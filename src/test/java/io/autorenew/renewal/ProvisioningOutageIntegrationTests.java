package io.autorenew.renewal;

import java.time.Duration;
import java.time.Instant;

import io.autorenew.support.Api.Response;
import io.autorenew.support.MutableClock;
import io.autorenew.support.OpenRouterLedger;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.StoredKeys;
import io.autorenew.support.Tokens;
import io.autorenew.support.VirtualTimeIntegrationTest;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenRouter's key-management API down, then back: after three failed mints the breaker
 * stops sending mints for a cool-down that doubles while trial mints keep failing, users
 * who hold a key never notice, and minting resumes once the API heals. The service's clock
 * is moved by hand, so nothing waits for real.
 */
class ProvisioningOutageIntegrationTests extends VirtualTimeIntegrationTest {

	private static final String PROMPT = "{\"prompt\":\"Summarise the quarterly report.\"}";

	private static final Duration JUST_OVER = Duration.ofMillis(1);

	@Autowired
	private MutableClock clock;

	@Test
	void mintsFailFastDuringAnOutageAndResumeAfterTheCoolDown() {
		this.clock.setInstant(Instant.now());
		assertAnswered(analyse("holder"));
		Document holderKey = StoredKeys.of("holder");
		OpenRouterStub.mintFails(500);

		for (String user : new String[] { "new-1", "new-2", "new-3" }) {
			Response failed = analyse(user);
			assertProblem(failed, "provisioning_unavailable");
			assertThat(failed.retryAfter()).isNotNull();
		}
		assertThat(OpenRouterStub.mintRequests()).hasSize(4);

		assertThat(analyse("new-4").retryAfter()).isEqualTo("2");
		assertAnswered(analyse("holder"));
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(analyse("new-4").retryAfter()).isEqualTo("1");
		assertThat(OpenRouterStub.mintRequests()).as("mints while the breaker is open").hasSize(4);

		this.clock.advance(Duration.ofSeconds(1).plus(JUST_OVER));
		assertProblem(analyse("new-5"), "provisioning_unavailable");
		assertThat(OpenRouterStub.mintRequests()).as("one trial mint after the cool-down").hasSize(5);
		assertThat(analyse("new-6").retryAfter()).as("the cool-down doubled").isEqualTo("4");
		assertAnswered(analyse("holder"));

		healProvisioning();
		long started = System.nanoTime();
		assertProblem(analyse("new-6"), "provisioning_unavailable");
		assertThat(Duration.ofNanos(System.nanoTime() - started))
			.as("the claim freed by new-6's failed mint is free at once, on a clock that stands still")
			.isLessThan(Duration.ofSeconds(5));
		assertThat(OpenRouterStub.mintRequests()).as("no mint before the cool-down ends").hasSize(5);

		this.clock.advance(Duration.ofSeconds(4).plus(JUST_OVER));
		assertAnswered(analyse("new-6"));
		assertAnswered(analyse("new-7"));
		assertAnswered(analyse("holder"));

		assertThat(OpenRouterStub.mintRequests()).hasSize(7);
		assertThat(OpenRouterStub.minted()).hasSize(3);
		assertThat(OpenRouterStub.chatRequests()).as("only users with a key reach chat").hasSize(6);
		assertThat(OpenRouterLedger.live()).hasSize(3);
		assertThat(StoredKeys.of("holder")).isEqualTo(holderKey);
		assertThat(StoredKeys.all()).extracting((stored) -> stored.getString("user_id"))
			.containsExactlyInAnyOrder("holder", "new-6", "new-7");
		assertThat(OpenRouterStub.deletedHashes()).isEmpty();
	}

	private Response analyse(String user) {
		return this.api.analyse(Tokens.user(user), PROMPT);
	}

	private static void assertAnswered(Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.json().path("analysis").asString()).isNotBlank();
	}

	private static void assertProblem(Response response, String code) {
		assertThat(response.status()).as(response.body()).isEqualTo(503);
		assertThat(response.code()).isEqualTo(code);
		assertThat(response.retryAfter()).isNotNull();
	}

	/** Removes the failing mint stub: {@code POST /keys} goes back to the ledger. */
	private static void healProvisioning() {
		OpenRouterStub.server()
			.getStubMappings()
			.stream()
			.filter((mapping) -> mapping.getResponse().getStatus() == 500)
			.toList()
			.forEach(OpenRouterStub.server()::removeStub);
	}

}
