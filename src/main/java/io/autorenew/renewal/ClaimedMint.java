package io.autorenew.renewal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.autorenew.keys.KeyMetrics;
import io.autorenew.keys.KeyStore;
import io.autorenew.keys.UserKey;
import io.autorenew.openrouter.ProvisioningUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One mint per user across the fleet. The instance that takes the user's claim
 * ({@link KeyClaims}) reads the store once more and mints only if the key there still needs
 * it; the others poll the store until the holder's key appears, taking the claim over if the
 * holder releases it or dies. The wait is bounded: past it, callers get the 503 of a
 * provisioning outage. Runs inside the user's single flight, so each instance has at most one
 * caller here per user.
 */
final class ClaimedMint {

	private static final Logger log = LoggerFactory.getLogger(ClaimedMint.class);

	private static final long FIRST_PAUSE = TimeUnit.MILLISECONDS.toNanos(20);

	private static final long LONGEST_PAUSE = TimeUnit.MILLISECONDS.toNanos(250);

	private final KeyClaims claims;

	private final KeyStore keys;

	private final KeyMetrics metrics;

	private final Clock clock;

	private final Duration wait;

	ClaimedMint(KeyClaims claims, KeyStore keys, KeyMetrics metrics, Clock clock, Duration wait) {
		this.claims = claims;
		this.keys = keys;
		this.metrics = metrics;
		this.clock = clock;
		this.wait = wait;
	}

	/**
	 * The user's key once no more minting is needed.
	 * @param settled whether a stored key is already what the caller needs (then nothing is
	 * minted)
	 * @param mint mints from the stored key (empty if there is none), holding the claim
	 * @throws ProvisioningUnavailableException if another instance holds the claim for longer
	 * than the wait
	 */
	UserKey mintOnce(String userId, Predicate<UserKey> settled, Function<Optional<UserKey>, UserKey> mint) {
		long deadline = System.nanoTime() + this.wait.toNanos();
		Instant waitingSince = this.clock.instant();
		long pause = FIRST_PAUSE;
		boolean waited = false;
		while (true) {
			if (waited) {
				Optional<KeyClaims.Failure> failure = this.claims.lastFailure(userId)
					.filter((failed) -> !failed.at().isBefore(waitingSince));
				if (failure.isPresent()) {
					throw failedElsewhere(userId, failure.get());
				}
			}
			Optional<KeyClaims.Claim> claim = this.claims.tryTake(userId);
			if (claim.isPresent()) {
				try (KeyClaims.Claim held = claim.get()) {
					Optional<UserKey> stored = this.keys.find(userId);
					if (stored.filter(settled).isPresent()) {
						return adopted(stored.get(), waited);
					}
					if (waited) {
						log.info("[Auto-Renewal] Took over the mint claim of user {} from an instance that let it lapse",
								userId);
						this.metrics.claimWait("took_over");
					}
					try {
						return mint.apply(stored);
					}
					catch (ProvisioningUnavailableException failed) {
						held.failed((failed.retryAfter() != null) ? failed.retryAfter() : Duration.ofSeconds(1));
						throw failed;
					}
				}
			}
			Optional<UserKey> stored = this.keys.find(userId).filter(settled);
			if (stored.isPresent()) {
				return adopted(stored.get(), true);
			}
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				this.metrics.claimWait("timed_out");
				throw timedOut(userId);
			}
			waited = true;
			LockSupport.parkNanos(Math.min(pause, left));
			if (Thread.currentThread().isInterrupted()) {
				throw new ProvisioningUnavailableException("Interrupted waiting for another instance's key mint",
						Duration.ofSeconds(1), null);
			}
			pause = Math.min(pause * 2, LONGEST_PAUSE);
		}
	}

	/** Runs {@code work} holding the user's claim, or skips it if another instance holds it. */
	Optional<UserKey> ifUnclaimed(String userId, Supplier<UserKey> work) {
		Optional<KeyClaims.Claim> claim = this.claims.tryTake(userId);
		if (claim.isEmpty()) {
			return Optional.empty();
		}
		try (KeyClaims.Claim held = claim.get()) {
			return Optional.ofNullable(work.get());
		}
	}

	private UserKey adopted(UserKey key, boolean waited) {
		if (waited) {
			log.info("[Auto-Renewal] Adopted key {} of user {} minted by another instance", key.label(), key.userId());
			this.metrics.claimWait("adopted");
		}
		return key;
	}

	/**
	 * The mint this caller waited for failed on another instance: the same answer, not a second
	 * mint within the same outage.
	 */
	private ProvisioningUnavailableException failedElsewhere(String userId, KeyClaims.Failure failure) {
		this.metrics.claimWait("failed_elsewhere");
		log.info("[Auto-Renewal] Another instance's mint for user {} failed while this call waited for it: answering "
				+ "the same, not minting again", userId);
		Duration left = Duration.between(this.clock.instant(), failure.at().plus(failure.retryAfter()));
		return new ProvisioningUnavailableException("Another instance's key mint for this user failed",
				left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left, null);
	}

	private ProvisioningUnavailableException timedOut(String userId) {
		Instant now = this.clock.instant();
		Duration left = this.claims.heldUntil(userId).map((until) -> Duration.between(now, until)).orElse(Duration.ZERO);
		log.warn("[Auto-Renewal] Gave up after {} waiting for another instance's key mint for user {}", this.wait,
				userId);
		return new ProvisioningUnavailableException("Timed out waiting for another instance's key mint",
				left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left, null);
	}

}
