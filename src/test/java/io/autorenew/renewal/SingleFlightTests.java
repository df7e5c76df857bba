package io.autorenew.renewal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import io.autorenew.keys.UserKey;
import io.autorenew.openrouter.ApiKey;
import io.autorenew.openrouter.ProvisioningUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * One operation per user; the callers that join it share its key or its failure, are woken
 * in the order they came, and give up after the longest wait.
 */
class SingleFlightTests {

	private static final UserKey KEY = new UserKey("alice", new ApiKey("sk-or-v1-alice-next"), "hash-next",
			ApiKey.mask("sk-or-v1-alice-next"), Instant.parse("2026-12-08T00:00:00Z"), null, false, null, 1);

	private final SingleFlight flights = new SingleFlight(Duration.ofSeconds(10));

	private final CountDownLatch release = new CountDownLatch(1);

	private final List<Thread> started = new ArrayList<>();

	@AfterEach
	void releaseTheLeader() throws InterruptedException {
		this.release.countDown();
		for (Thread thread : this.started) {
			thread.join(5_000);
		}
	}

	/**
	 * Each caller joins only once the one before it waits. They are woken first come, first
	 * served, the longest waiting first (a future's own waiters are woken the other way round:
	 * under a renewal storm the first callers were the last answered).
	 */
	@Test
	void theCallersWaitingForAFlightAreWokenInTheOrderTheyCame() throws Exception {
		List<Thread> woken = Collections.synchronizedList(new ArrayList<>());
		SingleFlight noting = new SingleFlight(Duration.ofSeconds(10), (waiter) -> {
			woken.add(waiter);
			LockSupport.unpark(waiter);
		});
		CountDownLatch leading = new CountDownLatch(1);
		start(() -> noting.run("alice", () -> {
			leading.countDown();
			awaitRelease();
			return KEY;
		}));
		assertThat(leading.await(5, TimeUnit.SECONDS)).isTrue();
		List<Thread> joined = new ArrayList<>();
		List<SingleFlight.Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
		for (int i = 0; i < 16; i++) {
			Thread caller = start(() -> outcomes.add(noting.run("alice", () -> KEY)));
			joined.add(caller);
			await().atMost(Duration.ofSeconds(5)).until(() -> caller.getState() == Thread.State.TIMED_WAITING);
		}

		this.release.countDown();
		await().atMost(Duration.ofSeconds(5)).until(() -> outcomes.size() == joined.size());

		assertThat(woken).containsExactlyElementsOf(joined);
		assertThat(outcomes).extracting(SingleFlight.Outcome::key).containsOnly(KEY);
		assertThat(outcomes).extracting(SingleFlight.Outcome::ranHere).containsOnly(false);
	}

	/**
	 * Callers that join while the key is being published: each either sees the flight ended or
	 * is queued before its wake, so none waits out the longest wait.
	 */
	@Test
	void noCallerJoiningAsTheKeyIsPublishedIsLeftWaiting() throws Exception {
		CountDownLatch leading = new CountDownLatch(1);
		start(() -> this.flights.publishing("alice", (publish) -> {
			leading.countDown();
			awaitRelease();
			publish.accept(KEY);
			return KEY;
		}));
		assertThat(leading.await(5, TimeUnit.SECONDS)).isTrue();
		int callers = 200;
		CountDownLatch go = new CountDownLatch(1);
		List<CompletableFuture<SingleFlight.Outcome>> joined = new ArrayList<>();
		ExecutorService threads = Executors.newFixedThreadPool(callers);
		try {
			for (int i = 0; i < callers; i++) {
				joined.add(CompletableFuture.supplyAsync(() -> {
					try {
						assertThat(go.await(5, TimeUnit.SECONDS)).isTrue();
					}
					catch (InterruptedException ex) {
						throw new IllegalStateException(ex);
					}
					return this.flights.run("alice", () -> KEY);
				}, threads));
			}
			go.countDown();
			this.release.countDown();

			CompletableFuture.allOf(joined.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(joined).extracting(CompletableFuture::join).extracting(SingleFlight.Outcome::key).containsOnly(KEY);
	}

	@Test
	void aKeyPublishedBeforeTheFlightEndsWakesItsCallersAtOnce() throws Exception {
		start(() -> this.flights.publishing("alice", (publish) -> {
			publish.accept(KEY);
			awaitRelease();
			return KEY;
		}));

		CompletableFuture<SingleFlight.Outcome> joined = CompletableFuture
			.supplyAsync(() -> this.flights.run("alice", () -> KEY));

		assertThat(joined.get(5, TimeUnit.SECONDS).key()).isSameAs(KEY);
		assertThat(this.release.getCount()).as("the leader still runs").isOne();
	}

	@Test
	void theFlightsFailureIsTheFailureOfEveryCallerWaitingForIt() throws Exception {
		IllegalStateException failure = new IllegalStateException("mint refused");
		CountDownLatch leading = new CountDownLatch(1);
		start(() -> assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> this.flights.run("alice", () -> {
			leading.countDown();
			awaitRelease();
			throw failure;
		})));
		assertThat(leading.await(5, TimeUnit.SECONDS)).isTrue();
		AtomicReference<Throwable> thrown = new AtomicReference<>();
		Thread joined = start(() -> {
			try {
				this.flights.run("alice", () -> KEY);
			}
			catch (RuntimeException ex) {
				thrown.set(ex);
			}
		});
		await().atMost(Duration.ofSeconds(5)).until(() -> joined.getState() == Thread.State.TIMED_WAITING);

		this.release.countDown();

		joined.join(5_000);
		assertThat(thrown.get()).isSameAs(failure);
	}

	@Test
	void aCallerGivesUpAfterTheLongestWaitAndTheFlightGoesOn() throws Exception {
		SingleFlight impatient = new SingleFlight(Duration.ofMillis(50));
		CountDownLatch leading = new CountDownLatch(1);
		CompletableFuture<SingleFlight.Outcome> leader = CompletableFuture.supplyAsync(() -> impatient.run("alice", () -> {
			leading.countDown();
			awaitRelease();
			return KEY;
		}));
		assertThat(leading.await(5, TimeUnit.SECONDS)).isTrue();

		assertThatExceptionOfType(ProvisioningUnavailableException.class)
			.isThrownBy(() -> impatient.run("alice", () -> KEY))
			.withMessageContaining("Timed out waiting");

		this.release.countDown();
		assertThat(leader.get(5, TimeUnit.SECONDS).ranHere()).isTrue();
		assertThat(impatient.run("alice", () -> KEY).ranHere()).as("the flight ended").isTrue();
	}

	private Thread start(Runnable work) {
		Thread thread = new Thread(work);
		thread.setDaemon(true);
		this.started.add(thread);
		thread.start();
		return thread;
	}

	private void awaitRelease() {
		try {
			assertThat(this.release.await(10, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
