package io.autorenew.keys;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.autorenew.AnalysisServiceApplication;
import io.autorenew.support.Api;
import io.autorenew.support.Api.Response;
import io.autorenew.support.LedgerKey;
import io.autorenew.support.MongoWireServer;
import io.autorenew.support.OpenRouterLedger;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.StoredKeys;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two service instances sharing one Mongo-wire store and one OpenRouter (WireMock with key
 * state), as two replicas behind a load balancer.
 */
class ReplicasIntegrationTests {

	private static final String PROMPT = "{\"prompt\":\"Summarise the quarterly report.\"}";

	private static ConfigurableApplicationContext replicaA;

	private static ConfigurableApplicationContext replicaB;

	private static Api a;

	private static Api b;

	@BeforeAll
	static void startReplicas() {
		replicaA = start("replica-a");
		replicaB = start("replica-b");
		a = new Api(port(replicaA));
		b = new Api(port(replicaB));
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
		replicaA.getBean(KeyCache.class).clear();
		replicaB.getBean(KeyCache.class).clear();
	}

	@RepeatedTest(5)
	void both401AtOnceLeaveOneLiveKeyAndNoOrphan() throws Exception {
		a.analyse(Tokens.user("alice"), PROMPT);
		b.analyse(Tokens.user("alice"), PROMPT);
		OpenRouterLedger.expire(OpenRouterLedger.live().get(0).key());

		List<Response> responses = concurrently(16, Tokens.user("alice"));

		assertThat(responses).extracting(Response::status).containsOnly(200);
		assertThat(OpenRouterStub.mintRequests().size()).isBetween(2, 3);
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

	private static ConfigurableApplicationContext start(String instance) {
		return new SpringApplicationBuilder(AnalysisServiceApplication.class)
			.properties("SERVER_PORT=0", "INSTANCE_ID=" + instance, "MONGODB_URI=" + MongoWireServer.uri(),
					"OPENROUTER_BASE_URL=" + OpenRouterStub.baseUrl(),
					"OPENROUTER_PROVISIONING_KEY=" + OpenRouterStub.MANAGEMENT_KEY, "AUTH_JWT_SECRET=" + Tokens.SECRET,
					"KEY_ENCRYPTION_KEY=" + StoredKeys.ENCRYPTION_KEY, "OPENROUTER_RECONCILE_ENABLED=false",
					"RATE_LIMIT_PER_MINUTE=100000")
			.run();
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}

}
