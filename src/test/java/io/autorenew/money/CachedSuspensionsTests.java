package io.autorenew.money;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.autorenew.StoreBackground;
import io.autorenew.support.MongoWireServer;
import io.autorenew.support.MutableClock;
import io.autorenew.support.QueuedExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Suspensions over the real driver and wire protocol: two instances on one store, a clock
 * the test moves, the driver's own count of the queries each instance sends, and the
 * refreshes off the request path queued until the test runs them.
 */
class CachedSuspensionsTests {

	private static final Instant START = Instant.parse("2026-12-05T10:00:00Z");

	private final MutableClock clock = new MutableClock(START);

	private final AtomicInteger finds = new AtomicInteger();

	private final QueuedExecutor refreshes = new QueuedExecutor();

	private MongoClient countedClient;

	private MongoClient otherClient;

	private CachedSuspensions here;

	private CachedSuspensions there;

	@BeforeEach
	void twoInstances() {
		MongoWireServer.reset();
		CommandListener counting = new CommandListener() {
			@Override
			public void commandStarted(CommandStartedEvent event) {
				if ("find".equals(event.getCommandName())
						&& MongoUserPolicies.COLLECTION.equals(event.getCommand().getString("find").getValue())) {
					CachedSuspensionsTests.this.finds.incrementAndGet();
				}
			}
		};
		this.countedClient = MongoClients.create(MongoClientSettings.builder()
			.applyConnectionString(new ConnectionString(MongoWireServer.uri()))
			.addCommandListener(counting)
			.build());
		this.otherClient = MongoClients.create(MongoWireServer.uri());
		MongoUserPolicies herePolicies = new MongoUserPolicies(new MongoTemplate(this.countedClient, MongoWireServer.DATABASE));
		herePolicies.ensureIndexes();
		this.here = new CachedSuspensions(herePolicies, this.clock, "here", this.refreshes);
		this.there = new CachedSuspensions(new MongoUserPolicies(new MongoTemplate(this.otherClient, MongoWireServer.DATABASE)),
				this.clock, "there", StoreBackground.executor());
	}

	@AfterEach
	void close() {
		this.countedClient.close();
		this.otherClient.close();
	}

	/**
	 * Read again off the request path once the set is five seconds old: the call that finds it
	 * old answers from the set it has, and the new set is there moments later.
	 */
	@Test
	void anotherInstancesSuspensionIsSeenFiveSecondsAfterTheLastReadAndNotBefore() {
		assertThat(this.here.isSuspended("alice", false)).isFalse();
		this.there.suspend("alice");

		this.clock.advance(CachedSuspensions.CACHE_FOR.minusMillis(1));
		assertThat(this.here.isSuspended("alice", false)).isFalse();
		assertThat(this.finds).hasValue(1);
		assertThat(this.refreshes.size()).isZero();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.here.isSuspended("alice", false)).as("answered from the set it has").isFalse();
		assertThat(this.refreshes.size()).isEqualTo(1);
		this.refreshes.runAll();
		assertThat(this.here.isSuspended("alice", false)).isTrue();

		this.there.resume("alice");
		this.clock.advance(CachedSuspensions.CACHE_FOR.minusMillis(1));
		assertThat(this.here.isSuspended("alice", false)).isTrue();
		assertThat(this.refreshes.size()).isZero();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.here.isSuspended("alice", false)).isTrue();
		this.refreshes.runAll();
		assertThat(this.here.isSuspended("alice", false)).isFalse();
		assertThat(this.finds).hasValue(3);
	}

	@Test
	void aFreshQuestionReadsTheStoreAtOnce() {
		assertThat(this.here.isSuspended("alice", false)).isFalse();
		this.there.suspend("alice");

		assertThat(this.here.isSuspended("alice", true)).isTrue();
		assertThat(this.here.isSuspended("alice", false)).isTrue();
	}

	@Test
	void thisInstancesOwnSuspendAndResumeCountAtOnce() {
		assertThat(this.here.isSuspended("alice", false)).isFalse();

		assertThat(this.here.suspend("alice")).isTrue();
		assertThat(this.here.isSuspended("alice", false)).isTrue();
		assertThat(this.here.resume("alice")).isTrue();
		assertThat(this.here.isSuspended("alice", false)).isFalse();
		this.clock.advance(CachedSuspensions.CACHE_FOR);
		assertThat(this.here.isSuspended("alice", false)).isFalse();
		assertThat(this.here.suspend("bob")).isTrue();
		this.clock.advance(CachedSuspensions.CACHE_FOR);
		assertThat(this.here.isSuspended("bob", false)).isTrue();
	}

	@Test
	void answersForAnyNumberOfUsersCostOneQueryPerFiveSeconds() {
		this.there.suspend("user-0500");

		for (int i = 0; i < 1_000; i++) {
			assertThat(this.here.isSuspended("user-%04d".formatted(i), false)).isEqualTo(i == 500);
		}
		assertThat(this.finds).hasValue(1);

		this.clock.advance(CachedSuspensions.CACHE_FOR.minusMillis(1));
		for (int i = 0; i < 1_000; i++) {
			this.here.isSuspended("user-%04d".formatted(i), false);
		}
		assertThat(this.finds).hasValue(1);
		assertThat(this.refreshes.size()).isZero();
		this.clock.advance(Duration.ofMillis(1));
		for (int i = 0; i < 1_000; i++) {
			this.here.isSuspended("user-%04d".formatted(i), false);
		}
		assertThat(this.refreshes.size()).as("one read for the thousand calls that found the set old").isEqualTo(1);
		this.refreshes.runAll();
		for (int i = 0; i < 1_000; i++) {
			assertThat(this.here.isSuspended("user-%04d".formatted(i), false)).isEqualTo(i == 500);
		}
		assertThat(this.refreshes.size()).isZero();
		assertThat(this.finds).hasValue(2);
	}

	@Test
	void requestsArrivingTogetherBeforeTheFirstReadShareOneQuery() throws Exception {
		this.there.suspend("alice");
		int threads = 8;
		CountDownLatch go = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<Boolean>> answers = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				answers.add(pool.submit(() -> {
					go.await();
					return this.here.isSuspended("alice", false);
				}));
			}
			go.countDown();
			for (Future<Boolean> answer : answers) {
				assertThat(answer.get(10, TimeUnit.SECONDS)).isTrue();
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.finds).hasValue(1);
	}

	@Test
	void forgettingReadsTheStoreAgain() {
		assertThat(this.here.isSuspended("alice", false)).isFalse();
		this.there.suspend("alice");

		this.here.forgetCached();

		assertThat(this.here.isSuspended("alice", false)).isTrue();
	}

}
