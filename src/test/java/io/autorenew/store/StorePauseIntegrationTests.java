package io.autorenew.store;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import io.autorenew.support.Api;
import io.autorenew.support.Api.Response;
import io.autorenew.support.MongoWireServer;
import io.autorenew.support.MutableClock;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.PausableProxy;
import io.autorenew.support.Replica;
import io.autorenew.support.Tokens;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store process paused (its connections open, silent), as a {@code SIGSTOP} or a network
 * partition leaves it: users whose key, budget and suspension state the instance knows keep
 * being served, however long the pause and however far the clock moves, and after the first
 * call (the rate limiter's one timeout) without waiting for the store; every request that
 * needs the store is one 503 {@code store_unavailable} within {@code MONGODB_TIMEOUT} and a
 * small margin; nothing answers 500; and the service recovers when the store is back.
 */
class StorePauseIntegrationTests {

	private static final String PROMPT = "{\"prompt\":\"Summarise the quarterly report.\"}";

	private static final Duration TIMEOUT = Duration.ofSeconds(1);

	private static final Duration MARGIN = Duration.ofMillis(1500);

	private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));

	private final List<Response> answered = new ArrayList<>();

	@BeforeEach
	void reset() {
		MongoWireServer.reset();
		OpenRouterStub.reset();
	}

	@Test
	void cachedUsersAreServedThroughAPauseAndEverythingElseIsOne503() throws Exception {
		try (PausableProxy store = new PausableProxy(MongoWireServer.port());
				Replica replica = Replica.start("pause", this.clock,
						"MONGODB_URI=mongodb://127.0.0.1:" + store.port() + "/" + MongoWireServer.DATABASE
								+ "?heartbeatFrequencyMS=500",
						"MONGODB_TIMEOUT=" + TIMEOUT.toSeconds() + "s")) {
			Api api = replica.api();
			assertThat(timed(() -> api.analyse(Tokens.user("cached", this.clock), PROMPT)).status()).isEqualTo(200);

			store.pause();
			try {
				for (int i = 0; i < 6; i++) {
					this.clock.advance(Duration.ofSeconds(40));
					long started = System.nanoTime();
					Response cached = timed(() -> api.analyse(Tokens.user("cached", this.clock), PROMPT));
					Duration took = Duration.ofNanos(System.nanoTime() - started);
					assertThat(cached.status()).as("call %d, %s into the pause: %s", i, Duration.ofSeconds(40 * (i + 1)),
							cached.body()).isEqualTo(200);
					if (i > 0) {
						// The first call pays the rate limiter's one timeout; after it, no call waits for the store,
						// nor for a store read running in the background (the suspension set, the budget restore).
						assertThat(took).as("call %d waits for no store timeout", i).isLessThan(TIMEOUT);
					}
				}
				Response newcomer = timed(() -> api.analyse(Tokens.user("newcomer", this.clock), PROMPT));
				assertThat(newcomer.status()).as(newcomer.body()).isEqualTo(503);
				assertThat(newcomer.code()).isEqualTo("store_unavailable");
				assertThat(newcomer.retryAfter()).isNotNull();
				Response status = timed(() -> api.get("/analysis/key", Tokens.user("cached", this.clock)));
				assertThat(status.code()).isEqualTo("store_unavailable");
				Response admin = timed(() -> api.get("/admin/users/cached/openrouter-key", Tokens.admin(this.clock)));
				assertThat(admin.code()).isEqualTo("store_unavailable");
				Response readiness = timed(() -> api.get("/actuator/health/readiness", null));
				assertThat(readiness.status()).as("readiness within the same deadline").isEqualTo(503);
			}
			finally {
				store.resume();
			}
			assertThat(this.answered).as("no store failure is a 500").noneMatch((response) -> response.status() == 500);
			Awaitility.await()
				.atMost(Duration.ofSeconds(20))
				.until(() -> api.analyse(Tokens.user("newcomer", this.clock), PROMPT).status() == 200);
		}
	}

	/** One request, its answer kept, and its time bound: the store's deadline and a small margin. */
	private Response timed(java.util.function.Supplier<Response> call) {
		long started = System.nanoTime();
		Response response = call.get();
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		this.answered.add(response);
		assertThat(took).as("answered within MONGODB_TIMEOUT and a margin: %s", response.body())
			.isLessThan(TIMEOUT.plus(MARGIN));
		return response;
	}

}
