package io.autorenew.renewal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.autorenew.openrouter.ProvisioningUnavailableException;
import io.autorenew.support.Latches;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A renewal's critical path runs on a platform thread of its own, with the caller's log
 * context, and its failure reaches the caller as it was thrown; when every thread is busy it
 * runs on the caller's thread, so nothing waits in a queue.
 */
class RenewalThreadsTests {

	private final RenewalThreads threads = new RenewalThreads(1);

	@AfterEach
	void close() {
		this.threads.close();
		MDC.clear();
	}

	@Test
	void workRunsOnARenewalThreadWithTheCallersLogContext() {
		MDC.put("requestId", "r-42");

		String ranOn = this.threads.call(() -> Thread.currentThread().getName() + " " + MDC.get("requestId"));

		assertThat(ranOn).startsWith("key-renewal-").endsWith(" r-42");
		assertThat(MDC.get("requestId")).isEqualTo("r-42");
	}

	@Test
	void aFailureReachesTheCallerAsItWasThrown() {
		ProvisioningUnavailableException failure = new ProvisioningUnavailableException("mint refused",
				Duration.ofSeconds(30), null);

		assertThatThrownBy(() -> this.threads.call(() -> {
			throw failure;
		})).isSameAs(failure);
	}

	@Test
	void whenEveryThreadIsBusyTheWorkRunsOnTheCallersThread() throws Exception {
		CountDownLatch busy = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> this.threads.call(() -> {
			busy.countDown();
			Latches.await(release);
			return Thread.currentThread().getName();
		}));
		assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();

		MDC.put("requestId", "r-caller");
		String second = this.threads.call(() -> Thread.currentThread().getName() + " " + MDC.get("requestId"));
		release.countDown();

		assertThat(second).isEqualTo(Thread.currentThread().getName() + " r-caller");
		assertThat(MDC.get("requestId")).as("the caller's log context after running the work itself")
			.isEqualTo("r-caller");
		assertThat(first.get(5, TimeUnit.SECONDS)).startsWith("key-renewal-");
	}

	@Test
	void workHandedOverFromARenewalThreadRunsOnItWithoutTakingASecond() {
		String ranOn = this.threads.call(() -> Thread.currentThread().getName() + " then "
				+ this.threads.call(() -> Thread.currentThread().getName()));

		String[] names = ranOn.split(" then ");
		assertThat(names[0]).startsWith("key-renewal-");
		assertThat(names[1]).as("the only thread of the pool, busy with the outer work").isEqualTo(names[0]);
	}

	@Test
	void tryExecuteStartsNothingWhenEveryThreadIsBusy() throws Exception {
		CountDownLatch busy = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		assertThat(this.threads.tryExecute(() -> {
			busy.countDown();
			Latches.await(release);
		})).isTrue();
		assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();
		AtomicBoolean ran = new AtomicBoolean();

		boolean started = this.threads.tryExecute(() -> ran.set(true));

		release.countDown();
		assertThat(started).isFalse();
		assertThat(ran).as("not run on the caller's thread either").isFalse();
	}

	@Test
	void awaitIdleWaitsForTheRunningWorkAndNoLonger() throws Exception {
		CountDownLatch running = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		assertThat(this.threads.awaitIdle(Duration.ZERO)).as("nothing runs yet").isTrue();
		assertThat(this.threads.tryExecute(() -> {
			running.countDown();
			Latches.await(release);
		})).isTrue();
		assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

		assertThat(this.threads.awaitIdle(Duration.ofMillis(50))).as("still running").isFalse();
		release.countDown();
		assertThat(this.threads.awaitIdle(Duration.ofSeconds(5))).isTrue();
	}

	@Test
	void closingLetsTheRunningWorkEnd() throws Exception {
		CountDownLatch running = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		AtomicBoolean ended = new AtomicBoolean();
		assertThat(this.threads.tryExecute(() -> {
			running.countDown();
			Latches.await(release);
			ended.set(!Thread.currentThread().isInterrupted());
		})).isTrue();
		assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

		CompletableFuture<Void> closing = CompletableFuture.runAsync(this.threads::close);
		release.countDown();
		closing.get(15, TimeUnit.SECONDS);

		assertThat(ended).as("ended without an interrupt").isTrue();
	}

}
