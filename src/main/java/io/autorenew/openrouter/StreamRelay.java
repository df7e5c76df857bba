package io.autorenew.openrouter;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One OpenRouter chat stream ({@code "stream": true}) that has answered 200, relayed by the
 * thread that calls {@link #relay}: that thread alone reads the upstream body, line by line,
 * and hands each event to the listener as it arrives, so a slow caller slows the upstream
 * read instead of filling memory. SSE comments ({@code : OPENROUTER PROCESSING}) are dropped;
 * multi-line {@code data:} fields are joined.
 * <p>
 * While the upstream is quiet, one scheduler shared by every stream watches the clock: it
 * has the listener write a heartbeat (on a short-lived task, so a slow caller never holds the
 * scheduler), and it ends the stream on a stall, past the longest duration, or when a
 * heartbeat finds the caller gone. Ending and {@link #close} close the JDK client's body
 * stream, which cancels the exchange at once and closes its connection: nothing is drained,
 * so OpenRouter stops generating (and billing), and the blocked read returns at once.
 */
public final class StreamRelay implements AutoCloseable {

	/** The data of the event that ends a stream. */
	public static final String DONE = "[DONE]";

	private final InputStream body;

	private final ScheduledExecutorService ticker;

	private final Executor writers;

	private final StreamDrain drain;

	private final AtomicBoolean closed = new AtomicBoolean();

	StreamRelay(InputStream body, ScheduledExecutorService ticker, Executor writers, StreamDrain drain) {
		this.body = body;
		this.ticker = ticker;
		this.writers = writers;
		this.drain = drain;
	}

	/**
	 * Hands each event to {@code listener} as it arrives until the stream ends: {@code [DONE]},
	 * the upstream closing or failing, the listener declining more, no event for
	 * {@code stallLimit}, the stream running past {@code maxDuration}, or a shutdown's
	 * {@code STREAM_SHUTDOWN_GRACE} running out. Every
	 * {@code heartbeat} without a write the listener may write something, which is how a
	 * caller that went away is noticed while OpenRouter is quiet.
	 * @throws IOException from the listener, when the caller is gone
	 */
	public void relay(Duration heartbeat, Duration stallLimit, Duration maxDuration, Listener listener)
			throws IOException {
		relay(heartbeat, stallLimit, maxDuration, listener, () -> null);
	}

	/**
	 * As {@link #relay(Duration, Duration, Duration, Listener)}, asking {@code revoked} at every
	 * heartbeat whether the caller may still be served: once it names a reason, the stream ends
	 * with that error (the caller's access was withdrawn while the stream ran).
	 */
	public void relay(Duration heartbeat, Duration stallLimit, Duration maxDuration, Listener listener,
			Supplier<Revocation> revoked) throws IOException {
		StreamWatch watch = new StreamWatch(listener, heartbeat.toNanos(), stallLimit.toNanos(), maxDuration.toNanos(),
				this.writers, this.drain, this::close, revoked);
		long period = heartbeat.toNanos();
		ScheduledFuture<?> ticks = this.ticker.scheduleWithFixedDelay(watch::tick, period, period,
				TimeUnit.NANOSECONDS);
		try {
			read(watch);
		}
		finally {
			ticks.cancel(false);
			watch.finish();
			close();
		}
	}

	private void read(StreamWatch watch) throws IOException {
		StringBuilder data = new StringBuilder();
		boolean pending = false;
		try {
			SseLines lines = new SseLines(this.body);
			for (String line = lines.next(); line != null; line = lines.next()) {
				if (line.isEmpty()) {
					if (pending && !watch.event(data.toString())) {
						return;
					}
					data.setLength(0);
					pending = false;
				}
				else if (line.startsWith("data:")) {
					if (pending) {
						data.append('\n');
					}
					data.append(line, line.startsWith("data: ") ? 6 : 5, line.length());
					pending = true;
				}
				// Comments (":"), and the event, id and retry fields, carry nothing to relay.
			}
			if (pending && !watch.event(data.toString())) {
				return;
			}
		}
		catch (IOException ended) {
			// closed by the watch, broken by OpenRouter, or the caller gone: the watch knows which
		}
		watch.ended();
	}

	/** Closes the upstream body, cancelling the exchange; safe to call more than once, from any thread. */
	@Override
	public void close() {
		if (this.closed.compareAndSet(false, true)) {
			try {
				this.body.close();
			}
			catch (IOException ex) {
				// the exchange is cancelled either way
			}
		}
	}

	/** Why a caller may no longer be served: the error that ends its stream. */
	public record Revocation(String code, String detail) {
	}

	/** What a relay does with each turn of the stream. */
	public interface Listener {

		/** One event's data (a JSON chunk); {@code false} to stop relaying. */
		boolean data(String data) throws IOException;

		/** {@code [DONE]} arrived. */
		void done() throws IOException;

		/** Nothing was written for a heartbeat: called on another thread, never with another call. */
		void idle() throws IOException;

		/** Ends the caller's stream with an error: the service's {@code code} and a safe detail. */
		void error(String code, String detail) throws IOException;

		/** OpenRouter ended or broke the stream before {@code [DONE]}. */
		default void broken() throws IOException {
			error(UpstreamFailure.UNAVAILABLE.code(), "OpenRouter ended the answer before it was complete.");
		}

		/** The stream ran past its longest duration ({@code STREAM_MAX_DURATION}). */
		default void tooLong() throws IOException {
			error("stream_too_long", "The answer ran past the longest a stream may run.");
		}

		/** The service is shutting down and the stream outlived {@code STREAM_SHUTDOWN_GRACE}. */
		default void shuttingDown() throws IOException {
			error("shutting_down", "The service is restarting: send the request again.");
		}

		/** Nothing arrived for the stall limit. */
		default void stalled() throws IOException {
			error(UpstreamFailure.TIMEOUT.code(), "OpenRouter stopped sending the answer.");
		}

	}

}
