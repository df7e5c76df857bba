package io.autorenew.renewal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.autorenew.standin.OpenRouterStandIn;
import io.autorenew.support.Api.Response;
import io.autorenew.support.Api;
import io.autorenew.support.LedgerKey;
import io.autorenew.support.MongoWireServer;
import io.autorenew.support.OpenRouterLedger;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.Replica;
import io.autorenew.support.StoredKeys;
import io.autorenew.support.Tokens;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two service instances sharing one Mongo-wire store and one OpenRouter (WireMock with key
 * state), as two replicas behind a load balancer.
 */
class ReplicasIntegrationTests {

	private static final String PROMPT = "{\"prompt\":\"Summarise the quarterly report.\"}";

	private static Replica replicaA;

	private static Replica replicaB;

	private static Api a;

	private static Api b;

	@BeforeAll
	static void startReplicas() {
		replicaA = Replica.start("replica-a");
		replicaB = Replica.start("replica-b");
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
		OpenRouterStub.chatChecksLedger();
		replicaA.forgetCaches();
		replicaB.forgetCaches();
	}

	@RepeatedTest(5)
	void aBurstOfFirstCallsOnBothReplicasMintsOneKey() throws Exception {
		List<Response> responses = concurrently(16, Tokens.user("alice"));

		assertThat(responses).extracting(Response::status).containsOnly(200);
		assertThat(OpenRouterStub.mintRequests()).hasSize(1);
		assertThat(OpenRouterLedger.live()).hasSize(1);
		assertThat(StoredKeys.of("alice").getString("key_hash")).isEqualTo(OpenRouterLedger.live().get(0).hash());
	}

	@RepeatedTest(5)
	void aBurstOn401sOfAnExpiredKeyOnBothReplicasMintsOneKey() throws Exception {
		a.analyse(Tokens.user("alice"), PROMPT);
		b.analyse(Tokens.user("alice"), PROMPT);
		OpenRouterLedger.expire(OpenRouterLedger.live().get(0).key());
		int mintsBefore = OpenRouterStub.mintRequests().size();

		List<Response> responses = concurrently(16, Tokens.user("alice"));

		assertThat(responses).extracting(Response::status).containsOnly(200);
		assertThat(OpenRouterStub.mintRequests()).hasSize(mintsBefore + 1);
		List<LedgerKey> live = OpenRouterLedger.live();
		assertThat(live).hasSize(1);
		assertThat(StoredKeys.of("alice").getString("key_hash")).isEqualTo(live.get(0).hash());
		assertThat(StoredKeys.all()).hasSize(1);
	}

	@Test
	void replicaWithAStaleCachedKeyAdoptsTheRenewedOneWithoutMinting() {
		a.analyse(Tokens.user("alice"), PROMPT);
		b.analyse(Tokens.user("alice"), PROMPT);
		String original = OpenRouterLedger.live().get(0).key();
		OpenRouterLedger.expire(original);
		Response renewedOnA = a.analyse(Tokens.user("alice"), PROMPT);
		assertThat(renewedOnA.json().path("keyRenewed").asBoolean()).isTrue();
		int mintsSoFar = OpenRouterStub.mintRequests().size();

		Response onB = b.analyse(Tokens.user("alice"), PROMPT);

		assertThat(onB.status()).isEqualTo(200);
		assertThat(onB.json().path("keyRenewed").asBoolean()).isTrue();
		assertThat(OpenRouterStub.mintRequests()).hasSize(mintsSoFar);
		List<String> bearers = OpenRouterStub.chatBearers();
		assertThat(bearers.get(bearers.size() - 2)).isEqualTo(original);
		assertThat(bearers.get(bearers.size() - 1)).isEqualTo(OpenRouterLedger.live().get(0).key());
	}

	/**
	 * A JVM cannot kill one of its own contexts in the middle of a call. So the holder, replica
	 * C, mints against a stand-in whose key API does not answer in time, its claim heartbeat is stopped as a dead
	 * process's would be, and its context is closed; replica B then gets the user's call.
	 */
	@Test
	void aClaimHolderThatDiesMidMintIsTakenOverAfterItsLease() throws Exception {
		OpenRouterStandIn hanging = OpenRouterStandIn.start(OpenRouterStub.MANAGEMENT_KEY, 0, Duration.ZERO,
				Clock.systemUTC());
		hanging.mintDelay(Duration.ofSeconds(30));
		Replica replicaC = Replica.start("replica-c", "OPENROUTER_BASE_URL=" + hanging.baseUrl(),
				"OPENROUTER_CLAIM_LEASE=1s", "OPENROUTER_PROVISIONING_READ_TIMEOUT=5s", "server.shutdown=immediate");
		ExecutorService background = Executors.newCachedThreadPool();
		try {
			background.submit(() -> replicaC.api().analyse(Tokens.user("dave"), PROMPT));
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> hanging.recorded().stream().anyMatch((request) -> request.route().equals("/keys")));
			assertThat(MongoWireServer.database().getCollection(MongoKeyClaims.COLLECTION).find().first())
				.as("replica C holds dave's claim while its mint hangs")
				.containsEntry("owner", "replica-c");
			replicaC.bean(MongoKeyClaims.class).close();
			background.submit(replicaC::close);

			Response onB = b.analyse(Tokens.user("dave"), PROMPT);

			assertThat(onB.status()).isEqualTo(200);
			assertThat(OpenRouterStub.mintRequests()).hasSize(1);
			List<LedgerKey> live = OpenRouterLedger.live();
			assertThat(live).hasSize(1);
			assertThat(StoredKeys.of("dave").getString("key_hash")).isEqualTo(live.get(0).hash());
			assertThat(replicaB.bean(MeterRegistry.class)
				.counter("openrouter.keys.claim.waits", "outcome", "took_over")
				.count()).isEqualTo(1);
		}
		finally {
			hanging.close();
			background.shutdown();
			assertThat(background.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		}
	}

	private static List<Response> concurrently(int perReplica, String token) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(perReplica * 2);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Response>> futures = new ArrayList<>();
			for (int i = 0; i < perReplica * 2; i++) {
				Api api = (i % 2 == 0) ? a : b;
				futures.add(pool.submit(() -> {
					start.await(5, TimeUnit.SECONDS);
					return api.analyse(token, PROMPT);
				}));
			}
			start.countDown();
			List<Response> responses = new ArrayList<>();
			for (Future<Response> future : futures) {
				responses.add(future.get(20, TimeUnit.SECONDS));
			}
			return responses;
		}
		finally {
			pool.shutdownNow();
		}
	}

}
