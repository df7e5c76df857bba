package io.autorenew.openrouter;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Bounds how long open streams outlive the start of a shutdown. When the application context
 * stops (before Tomcat's graceful shutdown waits for requests in flight), streams may run on
 * for {@code STREAM_SHUTDOWN_GRACE}; one still open then is ended by its watch with the error
 * event {@code shutting_down}, in its API's shape, so the caller sees a clean end and sends
 * the request again (to another replica) instead of a cut connection.
 */
final class StreamDrain implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(StreamDrain.class);

	private static final long OPEN = Long.MAX_VALUE;

	private final long grace;

	/** {@link System#nanoTime()} after which open streams end; {@link #OPEN} while running. */
	private final AtomicLong deadline = new AtomicLong(OPEN);

	private volatile boolean running;

	StreamDrain(Duration grace) {
		this.grace = grace.toNanos();
	}

	/** Whether a stream still open at {@code now} ({@link System#nanoTime()}) must end. */
	boolean over(long now) {
		long at = this.deadline.get();
		return at != OPEN && now - at >= 0;
	}

	@Override
	public void start() {
		this.deadline.set(OPEN);
		this.running = true;
	}

	/** Starts the countdown and returns at once: the graceful shutdown waits for the streams. */
	@Override
	public void stop() {
		this.running = false;
		this.deadline.set(System.nanoTime() + this.grace);
		log.info("[Streams] Shutting down: open streams may run for {} ms more, then end with shutting_down",
				this.grace / 1_000_000);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Stops first: before the web server's graceful shutdown begins to wait. */
	@Override
	public int getPhase() {
		return DEFAULT_PHASE;
	}

}
