package io.autorenew.money;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.autorenew.hygiene.KeyReconciler;
import io.autorenew.support.AlertReceiver;
import io.autorenew.support.Api.Response;
import io.autorenew.support.Api;
import io.autorenew.support.LedgerKey;
import io.autorenew.support.MongoWireServer;
import io.autorenew.support.MutableClock;
import io.autorenew.support.OpenRouterLedger;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.Replica;
import io.autorenew.support.StoredKeys;
import io.autorenew.support.Tokens;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Caps against denial of wallet, on replicas sharing one store and one clock the test moves:
 * past a cap, a call that needs a mint answers 503 with the cap's code and nothing is minted,
 * while users who hold a key keep working. The tests of the total-limit cap share one pair of
 * replicas (started by the first of them; caches cleared and the store emptied between tests).
 */
@ExtendWith(OutputCaptureExtension.class)
class MintCapsIntegrationTests {

	private static final String TOTAL_12 = "OPENROUTER_TOTAL_LIMIT_USD=12";

	private static final String KEY_5 = "OPENROUTER_KEY_LIMIT_USD=5";

	/**
	 * The storms queue hundreds of store operations on one in-process store while another test
	 * JVM shares the two cores: they are about the cap, so they give the store time, not the
	 * default 3 s after which a request answers {@code store_unavailable}.
	 */
	private static final String PATIENT_STORE = "MONGODB_TIMEOUT=20s";

	private static final String PROMPT = "{\"prompt\":\"Summarise the quarterly report.\"}";

	private static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));

	/** Two replicas with a 12 USD total limit at 5 USD a key, shared by the total-limit tests. */
	private static Replica totalA;

	private static Replica totalB;

	private final MutableClock clock = CLOCK;

	@BeforeEach
	void reset() {
		MongoWireServer.reset();
		OpenRouterStub.reset();
		AlertReceiver.reset();
		OpenRouterStub.chatChecksLedger();
		for (Replica shared : new Replica[] { totalA, totalB }) {
			if (shared != null) {
				shared.forgetCaches();
			}
		}
	}

	@AfterAll
	static void stopSharedReplicas() {
		for (Replica shared : new Replica[] { totalA, totalB }) {
			if (shared != null) {
				shared.close();
			}
		}
		totalA = null;
		totalB = null;
	}

	private Replica totalA() {
		if (totalA == null) {
			totalA = Replica.start("total-a", CLOCK, TOTAL_12, KEY_5, PATIENT_STORE);
			totalB = Replica.start("total-b", CLOCK, TOTAL_12, KEY_5, PATIENT_STORE);
		}
		return totalA;
	}

	private Replica totalB() {
		totalA();
		return totalB;
	}

	@Test
	void anAttackerWithFiftyNewUserTokensGetsExactlyTheHourlyNewUsersAcrossTwoReplicas(CapturedOutput output)
			throws Exception {
		try (Replica a = Replica.start("caps-a", this.clock, "OPENROUTER_NEW_USERS_PER_HOUR=5", PATIENT_STORE);
				Replica b = Replica.start("caps-b", this.clock, "OPENROUTER_NEW_USERS_PER_HOUR=5", PATIENT_STORE)) {
			LedgerKey held = OpenRouterLedger.addForeign("analysis-service:existing:before-the-attack");
			StoredKeys.seed("existing", held.key(), held.hash());
			assertThat(analyse(a.api(), "existing").status()).isEqualTo(200);

			List<Response> attack = concurrently(50, (i) -> analyse(((i % 2 == 0) ? a : b).api(), "new-" + i));

			assertThat(attack).filteredOn((response) -> response.status() == 200).hasSize(5);
			List<Response> refused = attack.stream().filter((response) -> response.status() != 200).toList();
			assertThat(refused).hasSize(45).allSatisfy((response) -> {
				assertThat(response.status()).isEqualTo(503);
				assertThat(response.code()).isEqualTo("new_user_cap");
				assertThat(Long.parseLong(response.retryAfter())).isBetween(1L, 720L);
			});
			assertThat(OpenRouterStub.mintRequests()).hasSize(5);
			assertThat(analyse(b.api(), "existing").status()).as("a user with a key keeps working").isEqualTo(200);
			assertThat(refusals(a, "new_users") + refusals(b, "new_users")).isEqualTo(45);
			assertThat(output.getOut().split("Cap OPENROUTER_NEW_USERS_PER_HOUR reached", -1).length - 1)
				.as("one WARN a minute per replica, not one per refusal")
				.isBetween(1, 2);
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> alertOutcomes(a) + alertOutcomes(b) == 2);
			assertThat(AlertReceiver.ofType("cap_refusing")).as("one alert for both replicas' 45 refusals").hasSize(1);
		}
	}

	@Test
	void mintsPerMinuteRefillOneEveryTwentySecondsForThreeAMinute() {
		try (Replica one = Replica.start("caps-mints", this.clock, "OPENROUTER_MINTS_PER_MINUTE=3")) {
			for (String user : List.of("u1", "u2", "u3")) {
				assertThat(analyse(one.api(), user).status()).isEqualTo(200);
			}
			Response refused = analyse(one.api(), "u4");
			assertThat(refused.status()).isEqualTo(503);
			assertThat(refused.code()).isEqualTo("mint_cap");
			assertThat(refused.retryAfter()).isEqualTo("20");
			assertThat(analyse(one.api(), "u1").status()).as("a user with a key keeps working").isEqualTo(200);

			this.clock.advance(Duration.ofSeconds(20).minusMillis(1));
			assertThat(analyse(one.api(), "u4").code()).isEqualTo("mint_cap");
			this.clock.advance(Duration.ofMillis(1));
			assertThat(analyse(one.api(), "u4").status()).isEqualTo(200);
			assertThat(OpenRouterStub.mintRequests()).hasSize(4);
		}
	}

	@Test
	void theSumOfLiveKeyLimitsStopsFirstKeysButNotRenewals() {
		Replica one = totalA();
		assertThat(analyse(one.api(), "u1").status()).isEqualTo(200);
		assertThat(analyse(one.api(), "u2").status()).isEqualTo(200);

		Response third = analyse(one.api(), "u3");
		assertThat(third.status()).isEqualTo(503);
		assertThat(third.code()).isEqualTo("total_limit_cap");
		assertThat(third.retryAfter()).isNotNull();

		OpenRouterLedger.expire(OpenRouterLedger.live().get(0).key());
		Response renewed = analyse(one.api(), "u1");
		assertThat(renewed.status()).as("a renewal replaces a key: the total stays").isEqualTo(200);
		assertThat(renewed.json().path("keyRenewed").asBoolean()).isTrue();
		assertThat(OpenRouterStub.mintRequests()).hasSize(3);
	}

	/**
	 * Twelve dollars of total limit at five a key is two keys, whatever arrives at once on two
	 * replicas: each first key's limit is reserved in the store before it is minted.
	 */
	@ParameterizedTest(name = "{0} first users at once")
	@ValueSource(ints = { 20, 200 })
	void concurrentFirstUsersOnTwoReplicasNeverMintPastTheTotalLimit(int users) throws Exception {
		Replica a = totalA();
		Replica b = totalB();
		List<Response> storm = concurrently(users, (i) -> analyse(((i % 2 == 0) ? a : b).api(), "storm-" + i));

		assertNeverPastTheCap(storm, a, b);
	}

	@Test
	void concurrentFirstUsersNeverMintPastTheTotalLimitWhenAMintTakesHalfASecond() throws Exception {
		OpenRouterStub.mintTimesOut(Duration.ofMillis(500));
		Replica one = totalA();
		List<Response> storm = concurrently(20, (i) -> analyse(one.api(), "slow-" + i));

		assertNeverPastTheCap(storm, one, one);
	}

	/**
	 * At most two keys were minted, every other call was refused with {@code total_limit_cap},
	 * no reservation is left behind, and the room left (if the storm's reservations counted each
	 * other) is there for the next first users, up to the cap and no further.
	 */
	private void assertNeverPastTheCap(List<Response> storm, Replica a, Replica b) {
		int minted = OpenRouterStub.mintRequests().size();
		assertThat(minted).as("keys minted at 5 USD under a 12 USD cap").isLessThanOrEqualTo(2);
		assertThat(storm).filteredOn((response) -> response.status() == 200).hasSize(minted);
		assertThat(storm).filteredOn((response) -> response.status() != 200)
			.allSatisfy((response) -> assertThat(response.code()).isEqualTo("total_limit_cap"));
		assertThat(MongoWireServer.database().getCollection(MongoLimitReservations.COLLECTION).countDocuments()).as("reservations left").isZero();
		for (int i = minted; i < 2; i++) {
			assertThat(analyse(((i % 2 == 0) ? a : b).api(), "after-" + i).status()).isEqualTo(200);
		}
		assertThat(analyse(b.api(), "one-too-many").code()).isEqualTo("total_limit_cap");
		assertThat(OpenRouterStub.mintRequests()).hasSize(2);
	}

	@Test
	void aReservationLeftByADeadInstanceIsRepairedByTheReconciler() {
		Replica one = totalA();
		MongoLimitReservations reservations = new MongoLimitReservations(one.bean(
				org.springframework.data.mongodb.core.MongoOperations.class), () -> 0, this.clock);
		assertThat(reservations.reserve("crashed-1", 2)).isPresent();
		assertThat(reservations.reserve("crashed-2", 2)).isPresent();
		assertThat(analyse(one.api(), "blocked").code()).as("two dead reservations fill the cap")
			.isEqualTo("total_limit_cap");

		this.clock.advance(KeyReconciler.STALE_RESERVATION.plusSeconds(1));
		one.bean(KeyReconciler.class).reconcile();

		assertThat(MongoWireServer.database().getCollection(MongoLimitReservations.COLLECTION).countDocuments()).isZero();
		assertThat(analyse(one.api(), "unblocked").status()).isEqualTo(200);
	}

	private Response analyse(Api api, String user) {
		return api.analyse(Tokens.user(user, this.clock), PROMPT);
	}

	/** The cap alerts a replica raised and saw through: sent, or claimed by the other replica. */
	private static double alertOutcomes(Replica replica) {
		return replica.bean(MeterRegistry.class)
			.find("alerts.sent")
			.tag("type", "cap_refusing")
			.counters()
			.stream()
			.mapToDouble(io.micrometer.core.instrument.Counter::count)
			.sum();
	}

	private static double refusals(Replica replica, String cap) {
		return replica.bean(MeterRegistry.class).counter("openrouter.caps.refusals", "cap", cap).count();
	}

	private static List<Response> concurrently(int calls, java.util.function.IntFunction<Response> call)
			throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(calls);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Response>> futures = new ArrayList<>();
			for (int i = 0; i < calls; i++) {
				int n = i;
				futures.add(pool.submit(() -> {
					start.await(5, TimeUnit.SECONDS);
					return call.apply(n);
				}));
			}
			start.countDown();
			List<Response> responses = new ArrayList<>();
			for (Future<Response> future : futures) {
				responses.add(future.get(30, TimeUnit.SECONDS));
			}
			return responses;
		}
		finally {
			pool.shutdownNow();
		}
	}

}
