package io.autorenew.renewal;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
		return publishing(userId, (publish) -> operation.get());
	}

	/**
	 * Like {@link #run}, but the operation may hand its result to the callers waiting on it
	 * before it has finished (through the {@code publish} callback it is given), e.g. as soon
	 * as a new key is saved, while it goes on to tidy up.
	 */
	Outcome publishing(String userId, Function<Consumer<UserKey>, UserKey> operation) {
		CompletableFuture<UserKey> mine = new CompletableFuture<>();
		CompletableFuture<UserKey> running = this.flights.putIfAbsent(userId, mine);
		if (running != null) {
			awaitDone(running, this.maxWait.toNanos()).ifPresent(SingleFlight::rethrow);
			return new Outcome(running.getNow(null), false);
		}
		return new Outcome(lead(userId, mine, () -> operation.apply(mine::complete)), true);
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
			CompletableFuture<UserKey> running = this.flights.get(userId);
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
	private UserKey lead(String userId, CompletableFuture<UserKey> mine, Supplier<UserKey> operation) {
		try {
			UserKey result = operation.get();
			mine.complete(result);
			return result;
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
	 * Waits for another caller's flight to end.
	 * @return its failure, if it failed
	 * @throws ProvisioningUnavailableException if it does not end in time
	 */
	private static Optional<Throwable> awaitDone(CompletableFuture<UserKey> running, long timeoutNanos) {
		try {
			running.get(Math.max(timeoutNanos, 0), TimeUnit.NANOSECONDS);
			return Optional.empty();
		}
		catch (ExecutionException ex) {
			return Optional.of(ex.getCause());
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

}
