package io.autorenew.money;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.autorenew.store.ServiceLease;
import io.autorenew.support.Api.Response;
import io.autorenew.support.Api;
import io.autorenew.support.MongoWireServer;
import io.autorenew.support.MutableClock;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.Replica;
import io.autorenew.support.Tokens;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Limits that hold for the whole fleet: two replicas on one Mongo-wire store and one
 * OpenRouter stub, with one clock the test moves. When one replica's mint breaker opens, the
 * other stops minting too.
 */
class FleetLimitsIntegrationTests {

	private static final String PROMPT = "{\"prompt\":\"Summarise the quarterly report.\"}";

	private static final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));

	private static Replica replicaA;

	private static Replica replicaB;

	private static Api a;

	private static Api b;

	@BeforeAll
	static void startReplicas() {
		String[] settings = { "RATE_LIMIT_PER_MINUTE=10", "OPENROUTER_PROVISIONING_FAILURE_THRESHOLD=2",
				"OPENROUTER_PROVISIONING_COOL_DOWN=2s", "OPENROUTER_PROVISIONING_MAX_COOL_DOWN=1m" };
		replicaA = Replica.start("fleet-a", clock, settings);
		replicaB = Replica.start("fleet-b", clock, settings);
		a = replicaA.api();
		b = replicaB.api();
	}

	@AfterAll
	static void stopReplicas() {
		replicaA.close();
		replicaB.close();
	}

	@BeforeEach
	void reset() {
		MongoWireServer.reset();
		OpenRouterStub.reset();
		replicaA.forgetCaches();
		replicaB.forgetCaches();
		clock.advance(Duration.ofMinutes(5));
	}

	@Test
	void twentyCallsAlternatingBetweenTwoReplicasGetTheLimitOfTenAnswered() {
		int answered = 0;
		int limited = 0;
		for (int i = 0; i < 20; i++) {
			Response response = analyse((i % 2 == 0) ? a : b, "rl-user");
			if (response.status() == 200) {
				answered++;
			}
			else {
				assertThat(response.status()).as(response.body()).isEqualTo(429);
				assertThat(response.code()).isEqualTo("rate_limited");
				limited++;
			}
		}

		assertThat(answered).as("at most the limit plus 10 %").isLessThanOrEqualTo(11).isEqualTo(10);
		assertThat(limited).isEqualTo(10);
		assertThat(MongoWireServer.database().getCollection("rate_limit_buckets").countDocuments()).isEqualTo(1);
	}

	@Test
	void theSharedBucketRefillsForEveryReplica() {
		for (int i = 0; i < 10; i++) {
			assertThat(analyse((i % 2 == 0) ? a : b, "refill-user").status()).isEqualTo(200);
		}
		assertThat(analyse(a, "refill-user").status()).isEqualTo(429);
		assertThat(analyse(b, "refill-user").status()).isEqualTo(429);

		clock.advance(Duration.ofSeconds(6));

		assertThat(analyse(b, "refill-user").status()).as("one call refilled after 6 s").isEqualTo(200);
		assertThat(analyse(a, "refill-user").status()).isEqualTo(429);
	}

	@Test
	void whenOneReplicasMintBreakerOpensTheOtherStopsMintingUntilItsCoolDownEnds() {
		OpenRouterStub.mintFails(500);
		assertThat(analyse(a, "new-1").status()).isEqualTo(503);
		assertThat(analyse(a, "new-2").status()).isEqualTo(503);
		assertThat(OpenRouterStub.mintRequests()).as("replica A's breaker opens after 2 failed mints").hasSize(2);

		Response onB = analyse(b, "new-3");

		assertThat(onB.status()).isEqualTo(503);
		assertThat(onB.code()).isEqualTo("provisioning_unavailable");
		assertThat(onB.retryAfter()).isEqualTo("2");
		assertThat(OpenRouterStub.mintRequests()).as("replica B sent no mint").hasSize(2);
		assertThat(pause()).containsEntry("paused_by", "fleet-a");

		healProvisioning();
		clock.advance(Duration.ofSeconds(2));
		assertThat(analyse(b, "new-3").status()).as("at the end of the cool-down").isEqualTo(503);
		assertThat(OpenRouterStub.mintRequests()).hasSize(2);

		clock.advance(Duration.ofMillis(1));
		assertThat(analyse(b, "new-3").status()).isEqualTo(200);
		assertThat(pause()).as("a mint that works lifts the fleet's pause").isNull();
		assertThat(analyse(a, "new-4").status()).isEqualTo(200);
	}

	private static Response analyse(Api api, String user) {
		return api.analyse(Tokens.user(user, clock), PROMPT);
	}

	private static Document pause() {
		return MongoWireServer.database()
			.getCollection(ServiceLease.COLLECTION)
			.find(new Document("_id", MongoMintPause.ID))
			.first();
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
