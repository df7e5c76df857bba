package io.autorenew.renewal;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import io.autorenew.openrouter.ProvisioningUnavailableException;
import io.autorenew.web.RequestIds;

/**
 * Platform threads for a renewal's critical path: the store's reads and writes before the
 * mint, the mint, the save. Requests run on virtual threads, and under a burst hundreds of
 * them wait for the carriers in turn: a renewal on a virtual thread waits its turn again after
 * each round trip, while every caller of the user waits for it (bench/NOTES.md, "Issue 38:
 * the renewal storm's critical path"). A platform thread is scheduled by the OS beside the
 * carriers instead. At most {@code max} renewals run here at once; beyond that a renewal runs
 * on its caller's thread, as it would without this pool, so nothing queues. Work handed over
 * from one of these threads runs on it.
 */
final class RenewalThreads implements Executor, AutoCloseable {

	private static final AtomicInteger POOLS = new AtomicInteger();

	private static final Duration CLOSING = Duration.ofSeconds(10);

	private final ThreadPoolExecutor pool;

	/** Guards {@link #running}; {@link #idle} is signalled when it drops to none. */
	private final ReentrantLock lock = new ReentrantLock();

	private final Condition idle = this.lock.newCondition();

	private int running;

	RenewalThreads(int max) {
		String prefix = "key-renewal-" + POOLS.incrementAndGet() + "-";
		AtomicInteger count = new AtomicInteger();
		this.pool = new ThreadPoolExecutor(0, max, Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS,
				new SynchronousQueue<>(), (task) -> new Worker(task, prefix + count.incrementAndGet()),
				new ThreadPoolExecutor.AbortPolicy());
	}

	/** Runs {@code work} on one of these threads (with the caller's log context) and answers its result. */
	<T> T call(Supplier<T> work) {
		if (Thread.currentThread() instanceof Worker) {
			return work.get();
		}
		FutureTask<T> task = new FutureTask<>(work::get);
		execute(task);
		try {
			return task.get();
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException("Key renewal failed", ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ProvisioningUnavailableException("Interrupted waiting for a key renewal", Duration.ofSeconds(1),
					ex);
		}
	}

	/** Runs {@code work} on one of these threads (with the caller's log context), or on the caller's when all are busy. */
	@Override
	public void execute(Runnable work) {
		Runnable carried = RequestIds.carryingLogContext(work);
		if (!start(carried)) {
			carried.run();
		}
	}

	/**
	 * Starts {@code work} on one of these threads (with the caller's log context); {@code false},
	 * with nothing run, when all are busy: for a caller that must not run it itself.
	 */
	boolean tryExecute(Runnable work) {
		return start(RequestIds.carryingLogContext(work));
	}

	private boolean start(Runnable work) {
		changeRunning(1);
		try {
			this.pool.execute(() -> {
				try {
					work.run();
				}
				finally {
					changeRunning(-1);
				}
			});
			return true;
		}
		catch (RejectedExecutionException busy) {
			changeRunning(-1);
			return false;
		}
	}

	private void changeRunning(int by) {
		this.lock.lock();
		try {
			this.running += by;
			if (this.running == 0) {
				this.idle.signalAll();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits until none of these threads runs a renewal, at most {@code timeout}: a renewal
	 * started by a refusal goes on after the refused call has its key (the audit, the old key's
	 * deletion), so a graceful stop, or a test that resets the world, waits for it.
	 * @return whether none runs
	 */
	boolean awaitIdle(Duration timeout) {
		long left = timeout.toNanos();
		this.lock.lock();
		try {
			while (this.running > 0) {
				if (left <= 0) {
					return false;
				}
				left = this.idle.awaitNanos(left);
			}
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Lets the running renewals end (at most 10 seconds: each has its own timeouts), then stops the threads. */
	@Override
	public void close() {
		this.pool.shutdown();
		awaitIdle(CLOSING);
		this.pool.shutdownNow();
	}

	/** One of these threads: work it hands over to the pool runs on it instead of taking a second thread. */
	private static final class Worker extends Thread {

		private Worker(Runnable task, String name) {
			super(task, name);
			setDaemon(true);
		}

	}

}
