package io.autorenew.keys;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs at most one key operation per user at a time in this process. Callers that arrive
 * while one is running wait for it and share its result; other users are never held up,
 * because each user has an entry of their own and nothing is locked across users. Entries
 * are removed as soon as their operation ends, so the map holds only users in flight.
 */
final class SingleFlight {

	private final ConcurrentHashMap<String, CompletableFuture<UserKey>> flights = new ConcurrentHashMap<>();

	private final Duration maxWait;

	SingleFlight(Duration maxWait) {
		this.maxWait = maxWait;
	}

	/**
	 * Runs {@code operation} for {@code userId}, or joins the one already running.
	 * @return the result and whether this caller ran it
	 */
	Outcome run(String userId, Supplier<UserKey> operation) {
		CompletableFuture<UserKey> mine = new CompletableFuture<>();
		CompletableFuture<UserKey> running = this.flights.putIfAbsent(userId, mine);
		if (running != null) {
			return new Outcome(await(running), false);
		}
		try {
			UserKey result = operation.get();
			mine.complete(result);
			return new Outcome(result, true);
		}
		catch (RuntimeException | Error ex) {
			mine.completeExceptionally(ex);
			throw ex;
		}
		finally {
			this.flights.remove(userId, mine);
		}
	}

	/**
	 * Runs {@code operation} for {@code userId} unless an operation for that user is already
	 * running, in which case nothing is done and nothing is awaited.
	 * @return whether {@code operation} ran
	 */
	boolean runIfIdle(String userId, Supplier<UserKey> operation) {
		CompletableFuture<UserKey> mine = new CompletableFuture<>();
		if (this.flights.putIfAbsent(userId, mine) != null) {
			return false;
		}
		try {
			mine.complete(operation.get());
			return true;
		}
		catch (RuntimeException | Error ex) {
			mine.completeExceptionally(ex);
			throw ex;
		}
		finally {
			this.flights.remove(userId, mine);
		}
	}

	/**
	 * Runs {@code operation} for {@code userId} as the only one, after any flight already
	 * running for that user has ended (its result is not reused).
	 */
	UserKey exclusive(String userId, Supplier<UserKey> operation) {
		long deadline = System.nanoTime() + this.maxWait.toNanos();
		while (true) {
			CompletableFuture<UserKey> running = this.flights.get(userId);
			if (running != null) {
				awaitQuietly(running, deadline);
				continue;
			}
			Outcome outcome = run(userId, operation);
			if (outcome.ranHere()) {
				return outcome.key();
			}
		}
	}

	private UserKey await(CompletableFuture<UserKey> running) {
		try {
			return running.get(this.maxWait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException("Key operation failed", ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new ProvisioningUnavailableException("Timed out waiting for another key operation of this user",
					Duration.ofSeconds(1), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ProvisioningUnavailableException("Interrupted waiting for a key operation", Duration.ofSeconds(1),
					ex);
		}
	}

	private static void awaitQuietly(CompletableFuture<UserKey> running, long deadline) {
		long left = deadline - System.nanoTime();
		if (left <= 0) {
			throw new ProvisioningUnavailableException("Timed out waiting for another key operation of this user",
					Duration.ofSeconds(1), null);
		}
		try {
			running.get(left, TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException ignoredTheirFailure) {
			// the other operation's failure is its caller's business: run ours now
		}
		catch (TimeoutException ex) {
			throw new ProvisioningUnavailableException("Timed out waiting for another key operation of this user",
					Duration.ofSeconds(1), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ProvisioningUnavailableException("Interrupted waiting for a key operation", Duration.ofSeconds(1),
					ex);
		}
	}

	/** What {@link #run} returns: the key and whether this caller produced it. */
	record Outcome(UserKey key, boolean ranHere) {
	}

}
