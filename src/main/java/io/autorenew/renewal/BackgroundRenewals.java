package io.autorenew.renewal;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import io.autorenew.keys.KeyChange;
import io.autorenew.keys.KeyStore;
import io.autorenew.keys.UserKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The renewals of keys about to expire, made in the background while requests keep using them
 * ({@link KeyRenewer} asks when it leases one within {@code renewBefore} of its expiry): one at a
 * time per user, and none while the user's flight or another instance's mint claim runs.
 */
final class BackgroundRenewals {

	// logged under KeyRenewer, as before this class was split from it: operators filter on that name
	private static final Logger log = LoggerFactory.getLogger(KeyRenewer.class);

	private final KeyStore keys;

	private final KeyReplacement replacement;

	private final SingleFlight flights;

	private final ClaimedMint fleet;

	private final KeyCache cache;

	private final Clock clock;

	private final Duration renewBefore;

	private final Executor background;

	private final Set<String> scheduled = ConcurrentHashMap.newKeySet();

	BackgroundRenewals(KeyStore keys, KeyReplacement replacement, SingleFlight flights, ClaimedMint fleet,
			KeyCache cache, Clock clock, Duration renewBefore, Executor background) {
		this.keys = keys;
		this.replacement = replacement;
		this.flights = flights;
		this.fleet = fleet;
		this.cache = cache;
		this.clock = clock;
		this.renewBefore = renewBefore;
		this.background = background;
	}

	/**
	 * Renews a key that is about to expire, once, on a background thread, while requests keep
	 * using it. Skipped if a renewal for the user is already queued or running.
	 */
	void renew(UserKey expiring) {
		String userId = expiring.userId();
		if (!this.scheduled.add(userId)) {
			return;
		}
		try {
			this.background.execute(() -> {
				try {
					this.flights.runIfIdle(userId,
							() -> this.fleet.ifUnclaimed(userId, () -> renewIfStillExpiring(expiring)).orElse(null));
				}
				catch (RuntimeException ex) {
					log.warn("[Auto-Renewal] Background renewal for user {} failed: {}", userId, ex.getMessage());
				}
				finally {
					this.scheduled.remove(userId);
				}
			});
		}
		catch (RejectedExecutionException busy) {
			this.scheduled.remove(userId);
		}
	}

	private UserKey renewIfStillExpiring(UserKey expiring) {
		Optional<UserKey> stored = this.keys.find(expiring.userId());
		if (stored.isEmpty() || !stored.get().sameKeyAs(expiring)
				|| !stored.get().expiredAt(this.clock.instant().plus(this.renewBefore))) {
			stored.ifPresent(this.cache::offer);
			return stored.orElse(null);
		}
		log.info("[Auto-Renewal] Key {} of user {} expires at {}: renewing it in the background", expiring.label(),
				expiring.userId(), expiring.expiresAt());
		UserKey renewed = this.replacement.replace(stored.get(), KeyChange.EXPIRING);
		this.cache.offer(renewed);
		return renewed;
	}

}
