package io.autorenew.web;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * How many streams each user holds open on this instance: a stream takes a permit before
 * OpenRouter is called and gives it back when it ends, however it ends. Past
 * {@code STREAMS_PER_USER}, {@link #acquire} refuses with 429 {@code too_many_streams}. The
 * instance's total is the gauge {@code streams.open}.
 */
@Component
public final class StreamPermits {

	/** What a refused caller is told to wait: streams end at their own pace. */
	static final Duration RETRY_AFTER = Duration.ofSeconds(5);

	private final ConcurrentMap<String, AtomicInteger> open = new ConcurrentHashMap<>();

	private final AtomicInteger total = new AtomicInteger();

	private final int perUser;

	public StreamPermits(StreamProperties properties, MeterRegistry registry) {
		this.perUser = properties.perUser();
		Gauge.builder("streams.open", this.total, AtomicInteger::get)
			.description("Streams open on this instance (all APIs)")
			.register(registry);
	}

	/**
	 * One more open stream for the user, to be closed when it ends.
	 * @throws TooManyStreamsException when the user holds {@code STREAMS_PER_USER} already
	 */
	public Permit acquire(String userId) {
		boolean[] granted = new boolean[1];
		this.open.compute(userId, (user, count) -> {
			AtomicInteger streams = (count != null) ? count : new AtomicInteger();
			if (streams.get() < this.perUser) {
				streams.incrementAndGet();
				granted[0] = true;
			}
			return streams;
		});
		if (!granted[0]) {
			throw new TooManyStreamsException(this.perUser, RETRY_AFTER);
		}
		this.total.incrementAndGet();
		return new Permit(userId);
	}

	/** Open streams of every user on this instance (the gauge {@code streams.open}). */
	public int open() {
		return this.total.get();
	}

	/** Open streams of a user on this instance. */
	public int open(String userId) {
		AtomicInteger streams = this.open.get(userId);
		return (streams != null) ? streams.get() : 0;
	}

	private void release(String userId) {
		this.total.decrementAndGet();
		this.open.computeIfPresent(userId, (user, count) -> (count.decrementAndGet() <= 0) ? null : count);
	}

	/** One open stream; closing it more than once gives one permit back. */
	public final class Permit implements AutoCloseable {

		private final String userId;

		private boolean closed;

		private Permit(String userId) {
			this.userId = userId;
		}

		@Override
		public synchronized void close() {
			if (!this.closed) {
				this.closed = true;
				release(this.userId);
			}
		}

	}

}
