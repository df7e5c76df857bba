package io.autorenew.openrouter;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The clock and the caller of one {@link StreamRelay}: every write to the listener goes
 * through its lock, from the reading thread or a heartbeat task, and none after the relay has
 * finished. On the shared scheduler's ticks it ends a stalled or too long stream, or has a
 * heartbeat written; ending means cancelling the upstream exchange, which ends the blocked
 * read at once.
 */
final class StreamWatch {

	/** Why the watch ended a stream. */
	private enum End {

		STALLED, TOO_LONG, SHUTTING_DOWN, REVOKED, CALLER_GONE

	}

	private final StreamRelay.Listener listener;

	private final Executor writers;

	private final StreamDrain drain;

	private final Runnable cancel;

	private final long heartbeat;

	private final long stallLimit;

	private final long maxDuration;

	/** {@link System#nanoTime()}, or a test's. */
	private final LongSupplier nanos;

	private final long started;

	private final ReentrantLock writing = new ReentrantLock();

	private final AtomicReference<End> end = new AtomicReference<>();

	private final AtomicBoolean heartbeatPending = new AtomicBoolean();

	private final Supplier<StreamRelay.Revocation> revoked;

	private volatile StreamRelay.Revocation revocation;

	private volatile long lastEvent;

	private volatile long lastWrite;

	private boolean finished;

	StreamWatch(StreamRelay.Listener listener, long heartbeat, long stallLimit, long maxDuration, Executor writers,
			StreamDrain drain, Runnable cancel, Supplier<StreamRelay.Revocation> revoked) {
		this(listener, heartbeat, stallLimit, maxDuration, writers, drain, cancel, System::nanoTime, revoked);
	}

	StreamWatch(StreamRelay.Listener listener, long heartbeat, long stallLimit, long maxDuration, Executor writers,
			StreamDrain drain, Runnable cancel, LongSupplier nanos) {
		this(listener, heartbeat, stallLimit, maxDuration, writers, drain, cancel, nanos, () -> null);
	}

	StreamWatch(StreamRelay.Listener listener, long heartbeat, long stallLimit, long maxDuration, Executor writers,
			StreamDrain drain, Runnable cancel, LongSupplier nanos, Supplier<StreamRelay.Revocation> revoked) {
		this.revoked = revoked;
		this.nanos = nanos;
		this.started = nanos.getAsLong();
		this.lastEvent = this.started;
		this.lastWrite = this.started;
		this.listener = listener;
		this.writers = writers;
		this.drain = drain;
		this.cancel = cancel;
		this.heartbeat = heartbeat;
		this.stallLimit = stallLimit;
		this.maxDuration = maxDuration;
	}

	/** One event's data from the reading thread; {@code false} once the relay is over. */
	boolean event(String data) throws IOException {
		this.lastEvent = this.nanos.getAsLong();
		if (this.lastEvent - this.started >= this.maxDuration) {
			this.end.compareAndSet(null, End.TOO_LONG);
			ended();
			return false;
		}
		if (withdrawn()) {
			ended();
			return false;
		}
		this.writing.lock();
		try {
			if (StreamRelay.DONE.equals(data.strip())) {
				this.listener.done();
				return false;
			}
			boolean more = this.listener.data(data);
			this.lastWrite = this.nanos.getAsLong();
			return more;
		}
		catch (IOException callerGone) {
			this.end.compareAndSet(null, End.CALLER_GONE);
			throw callerGone;
		}
		finally {
			this.writing.unlock();
		}
	}

	/** The upstream body ended, or was closed: says why to the listener. */
	void ended() throws IOException {
		End why = this.end.get();
		if (why == End.CALLER_GONE) {
			throw new IOException("The caller went away");
		}
		this.writing.lock();
		try {
			if (why == End.STALLED) {
				this.listener.stalled();
			}
			else if (why == End.TOO_LONG) {
				this.listener.tooLong();
			}
			else if (why == End.SHUTTING_DOWN) {
				this.listener.shuttingDown();
			}
			else if (why == End.REVOKED) {
				this.listener.error(this.revocation.code(), this.revocation.detail());
			}
			else {
				this.listener.broken();
			}
		}
		finally {
			this.writing.unlock();
		}
	}

	/**
	 * On the shared scheduler: ends a stalled or too long stream, or one that outlived a
	 * shutdown's grace, or has a heartbeat written (which also asks whether the caller may still
	 * be served: off the scheduler, as that question may read the store).
	 */
	void tick() {
		long now = this.nanos.getAsLong();
		if (now - this.started >= this.maxDuration) {
			stop(End.TOO_LONG);
		}
		else if (this.drain.over(now)) {
			stop(End.SHUTTING_DOWN);
		}
		else if (now - this.lastEvent >= this.stallLimit) {
			stop(End.STALLED);
		}
		else if (now - this.lastWrite >= this.heartbeat - this.heartbeat / 4
				&& this.heartbeatPending.compareAndSet(false, true)) {
			// Ticks come every heartbeat, each a little after the write the last one caused: a
			// quarter's slack keeps one heartbeat per tick instead of one every other tick.
			this.writers.execute(this::heartbeat);
		}
	}

	private void heartbeat() {
		if (withdrawn()) {
			this.heartbeatPending.set(false);
			this.cancel.run();
			return;
		}
		this.writing.lock();
		try {
			if (!this.finished) {
				this.listener.idle();
				this.lastWrite = this.nanos.getAsLong();
			}
		}
		catch (IOException callerGone) {
			stop(End.CALLER_GONE);
		}
		finally {
			this.writing.unlock();
			this.heartbeatPending.set(false);
		}
	}

	/** Whether the caller's access was withdrawn; the first to see it records why. */
	private boolean withdrawn() {
		if (this.end.get() == End.REVOKED) {
			return true;
		}
		StreamRelay.Revocation withdrawn = this.revoked.get();
		if (withdrawn == null) {
			return false;
		}
		this.revocation = withdrawn;
		return this.end.compareAndSet(null, End.REVOKED) || this.end.get() == End.REVOKED;
	}

	private void stop(End why) {
		if (this.end.compareAndSet(null, why)) {
			this.cancel.run();
		}
	}

	/** No write after this. */
	void finish() {
		this.writing.lock();
		try {
			this.finished = true;
		}
		finally {
			this.writing.unlock();
		}
	}

}
