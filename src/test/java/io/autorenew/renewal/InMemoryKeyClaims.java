package io.autorenew.renewal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link KeyClaims} in memory, with leases on the test's clock: a claim is free once the
 * clock passes its lease. Counts the claims taken.
 */
public final class InMemoryKeyClaims implements KeyClaims {

	private final Map<String, Instant> held = new ConcurrentHashMap<>();

	private final Map<String, Failure> failures = new ConcurrentHashMap<>();

	private final Clock clock;

	private final Duration lease;

	public final AtomicInteger taken = new AtomicInteger();

	/** Counted down each time a claim is refused: another instance is being waited for. */
	public final CountDownLatch refused = new CountDownLatch(1);

	public InMemoryKeyClaims(Clock clock, Duration lease) {
		this.clock = clock;
		this.lease = lease;
	}

	@Override
	public Optional<Claim> tryTake(String userId) {
		Instant now = this.clock.instant();
		Instant until = now.plus(this.lease);
		Instant after = this.held.compute(userId,
				(user, current) -> (current == null || !current.isAfter(now)) ? until : current);
		if (after != until) {
			this.refused.countDown();
			return Optional.empty();
		}
		this.taken.incrementAndGet();
		this.failures.remove(userId);
		return Optional.of(new Claim() {

			@Override
			public void failed(Duration retryAfter) {
				InMemoryKeyClaims.this.failures.put(userId, new Failure(InMemoryKeyClaims.this.clock.instant(), retryAfter));
				close();
			}

			@Override
			public void close() {
				InMemoryKeyClaims.this.held.remove(userId, until);
			}

		});
	}

	@Override
	public Optional<Failure> lastFailure(String userId) {
		return Optional.ofNullable(this.failures.get(userId));
	}

	@Override
	public Optional<Instant> heldUntil(String userId) {
		return Optional.ofNullable(this.held.get(userId)).filter((until) -> until.isAfter(this.clock.instant()));
	}

	/** Plays another instance holding the user's claim (and dying with it, if never released). */
	public void holdElsewhere(String userId) {
		this.held.put(userId, this.clock.instant().plus(this.lease));
	}

}
