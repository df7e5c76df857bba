package io.autorenew.renewal;

import java.time.Duration;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import io.autorenew.keys.UserKey;
import io.autorenew.openrouter.ProvisioningUnavailableException;

/**
 * Runs at most one key operation per user at a time in this process. Callers that arrive
 * while one is running wait for it and share its result; other users are never held up,
 * because each user has an entry of their own and nothing is locked across users. Entries
 * are removed as soon as their operation ends, so the map holds only users in flight.
 * <p>
 * The waiting callers are woken in the order they came, the longest waiting first: under a
 * renewal storm hundreds wait for one key, and each woken caller then takes its turn on the
 * carrier threads. A {@link CompletableFuture}'s waiters are woken last come, first served,
 * which made the first callers of a storm, who had waited longest, also the last answered
 * (bench/NOTES.md, "Issue 38: the waiting callers woken in the order they came").
 */
final class SingleFlight {

	private final ConcurrentHashMap<String, Flight> flights = new ConcurrentHashMap<>();

	private final Duration maxWait;

	private final Consumer<Thread> wake;

	SingleFlight(Duration maxWait) {
		this(maxWait, LockSupport::unpark);
	}

	/** @param wake wakes one waiting caller ({@link LockSupport#unpark}, or a test's that notes the order) */
	SingleFlight(Duration maxWait, Consumer<Thread> wake) {
		this.maxWait = maxWait;
		this.wake = wake;
	}

	/**
	 * Runs {@code operation} for {@code userId}, or joins the one already running.
	 * @return the result and whether this caller ran it
	 */
	Outcome run(String userId, Supplier<UserKey> operation) {
		return publishing(userId, (publish) -> operation.get());
	}

	/**
	 * Like {@link #run}, but the operation may hand its result to the callers waiting on it
	 * before it has finished (through the {@code publish} callback it is given), e.g. as soon
	 * as a new key is saved, while it goes on to tidy up.
	 */
	Outcome publishing(String userId, Function<Consumer<UserKey>, UserKey> operation) {
		Flight mine = new Flight(this.wake);
		Flight running = this.flights.putIfAbsent(userId, mine);
		if (running != null) {
			awaitDone(running, this.maxWait.toNanos()).ifPresent(SingleFlight::rethrow);
			return new Outcome(running.result.getNow(null), false);
		}
		return new Outcome(lead(userId, mine, () -> operation.apply(mine::complete)), true);
	}

	/**
	 * Runs {@code operation} for {@code userId} unless an operation for that user is already
	 * running, in which case nothing is done and nothing is awaited.
	 * @return whether {@code operation} ran
	 */
	boolean runIfIdle(String userId, Supplier<UserKey> operation) {
		Flight mine = new Flight(this.wake);
		if (this.flights.putIfAbsent(userId, mine) != null) {
			return false;
		}
		lead(userId, mine, operation);
		return true;
	}

	/**
	 * Runs {@code operation} for {@code userId} as the only one, after any flight already
	 * running for that user has ended (its result is not reused).
	 */
	UserKey exclusive(String userId, Supplier<UserKey> operation) {
		long deadline = System.nanoTime() + this.maxWait.toNanos();
		while (true) {
			Flight running = this.flights.get(userId);
			if (running != null) {
				awaitDone(running, deadline - System.nanoTime());
				continue;
			}
			Outcome outcome = run(userId, operation);
			if (outcome.ranHere()) {
				return outcome.key();
			}
		}
	}

	/** Runs the operation as the user's flight, sharing its outcome with those who joined. */
	private UserKey lead(String userId, Flight mine, Supplier<UserKey> operation) {
		try {
			UserKey result = operation.get();
			mine.complete(result);
			return result;
		}
		catch (RuntimeException | Error ex) {
			mine.fail(ex);
			throw ex;
		}
		finally {
			this.flights.remove(userId, mine);
		}
	}

	/**
	 * Waits for another caller's flight to end.
	 * @return its failure, if it failed
	 * @throws ProvisioningUnavailableException if it does not end in time
	 */
	private static Optional<Throwable> awaitDone(Flight running, long timeoutNanos) {
		running.await(Math.max(timeoutNanos, 0));
		try {
			running.result.getNow(null);
			return Optional.empty();
		}
		catch (CompletionException ex) {
			return Optional.of(ex.getCause());
		}
	}

	private static void rethrow(Throwable failure) {
		if (failure instanceof RuntimeException runtime) {
			throw runtime;
		}
		if (failure instanceof Error error) {
			throw error;
		}
		throw new IllegalStateException("Key operation failed", failure);
	}

	/** What {@link #run} returns: the key and whether this caller produced it. */
	record Outcome(UserKey key, boolean ranHere) {
	}

	/** One operation in flight, and the callers waiting for it, in the order they came. */
	private static final class Flight {

		private final CompletableFuture<UserKey> result = new CompletableFuture<>();

		private final Queue<Thread> waiting = new ConcurrentLinkedQueue<>();

		private final Consumer<Thread> wake;

		Flight(Consumer<Thread> wake) {
			this.wake = wake;
		}

		/** Ends the flight with its key (the first end counts) and wakes its callers, first come first. */
		void complete(UserKey key) {
			if (this.result.complete(key)) {
				wake();
			}
		}

		void fail(Throwable failure) {
			if (this.result.completeExceptionally(failure)) {
				wake();
			}
		}

		private void wake() {
			for (Thread waiter = this.waiting.poll(); waiter != null; waiter = this.waiting.poll()) {
				this.wake.accept(waiter);
			}
		}

		/**
		 * Waits until the flight has ended, at most {@code timeoutNanos}.
		 * @throws ProvisioningUnavailableException if it does not end in time, or the wait is
		 * interrupted
		 */
		void await(long timeoutNanos) {
			if (this.result.isDone()) {
				return;
			}
			Thread me = Thread.currentThread();
			this.waiting.add(me);
			long deadline = System.nanoTime() + timeoutNanos;
			try {
				// the flight ends after the add, or its wake found this thread queued: either way no wake is lost
				while (!this.result.isDone()) {
					long left = deadline - System.nanoTime();
					if (left <= 0) {
						throw new ProvisioningUnavailableException(
								"Timed out waiting for another key operation of this user", Duration.ofSeconds(1),
								new TimeoutException());
					}
					LockSupport.parkNanos(this, left);
					if (Thread.interrupted()) {
						me.interrupt();
						throw new ProvisioningUnavailableException("Interrupted waiting for a key operation",
								Duration.ofSeconds(1), new InterruptedException());
					}
				}
			}
			finally {
				// once the flight has ended its wake takes every queued thread: only one leaving early removes itself
				if (!this.result.isDone()) {
					this.waiting.remove(me);
				}
			}
		}

	}

}
