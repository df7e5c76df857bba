package io.autorenew.openrouter;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The plain exchanges' deadlines, one sweep a tick for all of them: an exchange still running
 * past its deadline is cancelled and marked expired; one that ended is forgotten, never
 * cancelled.
 */
class ExchangeDeadlinesTests {

	private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();

	@AfterEach
	void stopTicker() {
		this.ticker.shutdownNow();
	}

	@Test
	void anExchangeStillRunningAtItsDeadlineIsCancelledOnTheNextTick() {
		ExchangeDeadlines deadlines = new ExchangeDeadlines(Duration.ofMillis(200), this.ticker);
		CompletableFuture<String> exchange = new CompletableFuture<>();

		ExchangeDeadlines.Watched watch = deadlines.watch(exchange);

		await().atMost(Duration.ofSeconds(5)).until(exchange::isDone);
		assertThat(exchange).isCancelled();
		assertThat(watch.expired()).isTrue();
		assertThat(deadlines.watching()).isZero();
	}

	@Test
	void anExchangeThatEndedIsForgottenAndNotCancelled() {
		ExchangeDeadlines deadlines = new ExchangeDeadlines(Duration.ofMinutes(1), this.ticker);
		CompletableFuture<String> ended = new CompletableFuture<>();
		CompletableFuture<String> running = new CompletableFuture<>();
		ExchangeDeadlines.Watched endedWatch = deadlines.watch(ended);
		ExchangeDeadlines.Watched runningWatch = deadlines.watch(running);

		ended.complete("answer");
		deadlines.sweep();

		assertThat(deadlines.watching()).isEqualTo(1);
		assertThat(ended).isCompletedWithValue("answer");
		assertThat(endedWatch.expired()).isFalse();
		assertThat(running).isNotDone();
		assertThat(runningWatch.expired()).isFalse();
	}

	@Test
	void theTickIsATenthOfTheTimeoutAndAtMostTheLongestTick() {
		ExchangeDeadlines deadlines = new ExchangeDeadlines(Duration.ofMillis(300), this.ticker);
		CompletableFuture<String> exchange = new CompletableFuture<>();
		long start = System.nanoTime();

		deadlines.watch(exchange);
		await().atMost(Duration.ofSeconds(5)).until(exchange::isDone);

		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(took).isBetween(Duration.ofMillis(300), Duration.ofMillis(300).plus(ExchangeDeadlines.LONGEST_TICK)
			.plusMillis(400));
	}

}
