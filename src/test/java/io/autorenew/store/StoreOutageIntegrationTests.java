package io.autorenew.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.autorenew.support.Api.Response;
import io.autorenew.support.DeadlinesIntegrationTest;
import io.autorenew.support.MongoWireServer;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.StoredKeys;
import io.autorenew.support.Tokens;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MongoDB down mid-test, then back on the same port with the same data: users whose key is
 * in memory keep working, requests that need the store answer 503 without minting,
 * readiness goes down while liveness stays up, and the service recovers without a restart.
 */
class StoreOutageIntegrationTests extends DeadlinesIntegrationTest {

	private static final String PROMPT = "{\"prompt\":\"Summarise the quarterly report.\"}";

	private static final Duration RECOVERY = Duration.ofSeconds(20);

	@Test
	void servesCachedKeysDuringAnOutageAndRecoversWithoutARestart() {
		assertAnswered(analyse("user-a"));
		String keyOfA = OpenRouterStub.chatBearers().get(0);
		List<Document> storedBefore = StoredKeys.all();

		MongoWireServer.stop();
		try {
			assertAnswered(analyse("user-a"));

			Response withoutKey = analyse("user-b");
			assertThat(withoutKey.status()).as(withoutKey.body()).isEqualTo(503);
			assertThat(withoutKey.code()).isEqualTo("store_unavailable");
			assertThat(withoutKey.retryAfter()).isNotNull();
			assertThat(OpenRouterStub.mintRequests()).as("mints while the store is down").hasSize(1);

			Response status = this.api.get("/analysis/key", Tokens.user("user-a"));
			assertThat(status.status()).as(status.body()).isEqualTo(503);
			assertThat(status.code()).isEqualTo("store_unavailable");
			assertThat(status.retryAfter()).isNotNull();

			assertHealth("/actuator/health/readiness", 503, "DOWN");
			assertHealth("/actuator/health/liveness", 200, "UP");
		}
		finally {
			MongoWireServer.restart();
		}

		awaitReadiness();
		Response recovered = analyse("user-b");
		assertAnswered(recovered);
		assertThat(recovered.json().path("keyProvisioned").asBoolean()).isTrue();
		assertAnswered(analyse("user-a"));

		assertThat(OpenRouterStub.mintRequests()).hasSize(2);
		assertThat(OpenRouterStub.minted()).hasSize(2);
		// Four calls: A before and during the outage, B after it, A again. Under this context's 1 s read timeout a
		// slow answer is retried with the same key, which is not the point here: runs of one key count once.
		List<String> bearers = OpenRouterStub.chatBearers();
		assertThat(bearers).startsWith(keyOfA, keyOfA).hasSizeBetween(4, 4 + MAX_ATTEMPTS);
		assertThat(java.util.stream.IntStream.range(0, bearers.size())
			.filter((i) -> i == 0 || !bearers.get(i).equals(bearers.get(i - 1)))
			.mapToObj(bearers::get)
			.toList()).containsExactly(keyOfA, OpenRouterStub.minted().get(1).key(), keyOfA);
		assertThat(OpenRouterStub.deletedHashes()).isEmpty();
		assertThat(StoredKeys.all()).hasSize(2).containsAll(storedBefore);
		assertThat(StoredKeys.of("user-b").getString("key_hash")).isEqualTo(OpenRouterStub.minted().get(1).hash());
		assertHealth("/actuator/health/readiness", 200, "UP");
	}

	private Response analyse(String user) {
		return this.api.analyse(Tokens.user(user), PROMPT);
	}

	private static void assertAnswered(Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.json().path("analysis").asString()).isNotBlank();
	}

	private void assertHealth(String path, int status, String state) {
		Response health = this.api.get(path, null);
		assertThat(health.status()).as(path + ": " + health.body()).isEqualTo(status);
		assertThat(health.json().path("status").asString()).isEqualTo(state);
	}

	/** Polls readiness (each poll waits at most the store timeout) until it is up again. */
	private void awaitReadiness() {
		Instant giveUp = Instant.now().plus(RECOVERY);
		int status = this.api.get("/actuator/health/readiness", null).status();
		while (status != 200 && Instant.now().isBefore(giveUp)) {
			status = this.api.get("/actuator/health/readiness", null).status();
		}
		assertThat(status).as("readiness within " + RECOVERY + " of the store's return").isEqualTo(200);
	}

}
