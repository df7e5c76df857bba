package io.autorenew.openrouter;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Bounds every plain exchange by the read timeout, body included, with one sweep a tick for
 * all of them instead of a timer per call. A timed wait for each call's answer (a timer a
 * call, armed and cancelled) cost a quarter of a request's CPU on virtual threads: 378 µs a
 * request with it, 291 µs without (bench/NOTES.md, "Issue 38: hand-offs and conversions off
 * the request path"). Here a call is one queue offer, and an exchange still running past its
 * deadline is cancelled on the next tick, so the bound is the read timeout plus at most one
 * tick.
 */
final class ExchangeDeadlines {

	/** The longest tick: how late past its deadline a hung exchange may end. */
	static final Duration LONGEST_TICK = Duration.ofMillis(100);

	private final Queue<Watched> watched = new ConcurrentLinkedQueue<>();

	private final Duration timeout;

	/**
	 * @param timeout how long an exchange may run, from its start to the last byte of its answer
	 * @param ticker sweeps every tenth of the timeout, at most every {@link #LONGEST_TICK}
	 */
	ExchangeDeadlines(Duration timeout, ScheduledExecutorService ticker) {
		this.timeout = timeout;
		long tick = Math.max(1, Math.min(LONGEST_TICK.toNanos(), timeout.toNanos() / 10));
		ticker.scheduleWithFixedDelay(this::sweep, tick, tick, TimeUnit.NANOSECONDS);
	}

	/** Watches one exchange from now: cancelled if it has not ended by its deadline. */
	Watched watch(CompletableFuture<?> exchange) {
		Watched watch = new Watched(exchange, System.nanoTime() + this.timeout.toNanos());
		this.watched.offer(watch);
		return watch;
	}

	/** How long an exchange may run, body included. */
	Duration timeout() {
		return this.timeout;
	}

	/** How many exchanges are watched: those running, and those that ended since the last sweep. */
	int watching() {
		return this.watched.size();
	}

	/** Forgets the exchanges that ended, and cancels those past their deadline. */
	void sweep() {
		long now = System.nanoTime();
		this.watched.removeIf((watch) -> watch.endedOrExpired(now));
	}

	/** One watched exchange. */
	static final class Watched {

		private final CompletableFuture<?> exchange;

		private final long deadline;

		private volatile boolean expired;

		private Watched(CompletableFuture<?> exchange, long deadline) {
			this.exchange = exchange;
			this.deadline = deadline;
		}

		/** Whether the sweep cancelled the exchange at its deadline. */
		boolean expired() {
			return this.expired;
		}

		private boolean endedOrExpired(long now) {
			if (this.exchange.isDone()) {
				return true;
			}
			if (now - this.deadline < 0) {
				return false;
			}
			this.expired = true;
			this.exchange.cancel(true);
			return true;
		}

	}

}
