package io.autorenew.renewal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Claims for a store that only this process uses: the embedded store, which serves one
 * process on one machine. There is no other instance to keep out, so a claim is held in memory
 * and costs no store operation on a renewal's path; the process that holds one cannot outlive
 * it, so it needs no lease. Callers already hold the user's single flight, so a claim is
 * normally free; it is still exclusive, and a failed mint is told to whoever takes it next.
 * Replicas share a MongoDB and use {@link MongoKeyClaims}.
 */
final class ProcessKeyClaims implements KeyClaims {

	private final Map<String, Object> held = new ConcurrentHashMap<>();

	private final Map<String, Failure> failures = new ConcurrentHashMap<>();

	private final Clock clock;

	ProcessKeyClaims(Clock clock) {
		this.clock = clock;
	}

	@Override
	public Optional<Claim> tryTake(String userId) {
		Object token = new Object();
		if (this.held.putIfAbsent(userId, token) != null) {
			return Optional.empty();
		}
		this.failures.remove(userId);
		return Optional.of(new Claim() {

			@Override
			public void failed(Duration retryAfter) {
				ProcessKeyClaims.this.failures.put(userId, new Failure(ProcessKeyClaims.this.clock.instant(), retryAfter));
				close();
			}

			@Override
			public void close() {
				ProcessKeyClaims.this.held.remove(userId, token);
			}

		});
	}

	/** Never a time: a claim held in this process has no lease, it ends with its holder's work. */
	@Override
	public Optional<Instant> heldUntil(String userId) {
		return Optional.empty();
	}

	@Override
	public Optional<Failure> lastFailure(String userId) {
		return Optional.ofNullable(this.failures.get(userId));
	}

}
