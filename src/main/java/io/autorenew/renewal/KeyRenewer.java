package io.autorenew.renewal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import io.autorenew.keys.KeyChange;
import io.autorenew.keys.KeyMetrics;
import io.autorenew.keys.KeyNotFoundException;
import io.autorenew.keys.KeyStore;
import io.autorenew.keys.UserKey;
import io.autorenew.openrouter.ApiKey;
import io.autorenew.openrouter.KeyRefusals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when a user's key changes: a first mint, a renewal after a 401, a replacement of
 * an expired or unreadable key before the call, a background renewal of a key about to
 * expire, an operator's rotation and a deletion. All go through one single flight per user
 * ({@link SingleFlight}), so concurrent requests mint once (and go on as soon as the new key
 * is saved, while the flight's leader audits and deletes the old key), and every store write is
 * conditional ({@link KeyReplacement}), so replicas keep one live key. Across instances, one
 * mints while the others wait for its key ({@link ClaimedMint}). Keys are served from
 * memory ({@link KeyCache}); whenever a key is found wanting, the store is read again first,
 * so a key another replica already renewed is adopted rather than replaced. Keys that can no
 * longer call are replaced by {@link StaleKeys}: while a key OpenRouter refused is being renewed,
 * calls that lease it wait for its successor instead of calling with it, and that renewal starts
 * as soon as the HTTP client reads the first refusal's headers ({@link KeyRefusals}), not when
 * the refused call gets its turn to read it.
 */
public final class KeyRenewer implements KeyRefusals {

	private static final Logger log = LoggerFactory.getLogger(KeyRenewer.class);

	private final KeyStore keys;

	private final KeyReplacement replacement;

	private final SingleFlight flights;

	private final ClaimedMint fleet;

	private final KeyCache cache;

	private final KeyMetrics metrics;

	private final Clock clock;

	private final Duration renewBefore;

	private final BackgroundRenewals proactive;

	private final StaleKeys stale;

	KeyRenewer(KeyStore keys, KeyReplacement replacement, SingleFlight flights, ClaimedMint fleet, KeyCache cache,
			KeyMetrics metrics, Clock clock, Duration renewBefore, Executor background, RenewalThreads urgent) {
		this.keys = keys;
		this.replacement = replacement;
		this.flights = flights;
		this.fleet = fleet;
		this.cache = cache;
		this.metrics = metrics;
		this.clock = clock;
		this.renewBefore = renewBefore;
		this.proactive = new BackgroundRenewals(keys, replacement, flights, fleet, cache, clock, renewBefore, background);
		this.stale = new StaleKeys(replacement, flights, fleet, cache, urgent);
	}

	/**
	 * The key to call OpenRouter with: the cached or stored one; a first key minted now; or,
	 * when the stored key has expired or cannot be decrypted, its replacement. A key close to
	 * expiry is returned as is and renewed in the background.
	 */
	public KeyLease lease(String userId) {
		Optional<UserKey> known = this.cache.get(userId, this.keys::find);
		if (known.isEmpty()) {
			AtomicBoolean minted = new AtomicBoolean();
			UserKey key = this.flights.publishing(userId, (publish) -> this.keys.find(userId)
				.orElseGet(() -> this.fleet.mintOnce(userId, (stored) -> true, (none) -> {
					minted.set(true);
					return this.replacement.first(userId, KeyChange.FIRST_USE, publish);
				})))
				.key();
			this.cache.offer(key);
			return new KeyLease(key, minted.get(), false);
		}
		UserKey current = known.get();
		KeyChange renewing = this.stale.renewing(current);
		if (renewing != null) {
			// OpenRouter refused this key and its renewal is under way: a call with it would only be refused too
			return new KeyLease(this.stale.renew(userId, current, renewing), false, true);
		}
		if (!current.readable()) {
			return new KeyLease(this.stale.renew(userId, current, KeyChange.UNREADABLE), false, true);
		}
		Instant now = this.clock.instant();
		if (current.expiredAt(now)) {
			log.info("[Auto-Renewal] Key {} of user {} expired at {}: replacing it before the call", current.label(),
					userId, current.expiresAt());
			return new KeyLease(this.stale.renew(userId, current, KeyChange.EXPIRED), false, true);
		}
		if (current.expiredAt(now.plus(this.renewBefore))) {
			this.proactive.renew(current);
		}
		return new KeyLease(current, false, false);
	}

	/**
	 * Replaces a key OpenRouter rejected. If the stored key is no longer the rejected one,
	 * someone already renewed it: that key is returned and nothing is minted.
	 */
	public UserKey renew(String userId, UserKey rejected) {
		this.metrics.upstreamAuthFailure();
		return this.stale.renew(userId, rejected, KeyChange.REJECTED);
	}

	/**
	 * Replaces a key OpenRouter reports as disabled though nobody suspended the user: it is
	 * treated as revoked (audit reason {@code disabled}).
	 */
	public UserKey renewDisabled(String userId, UserKey disabled) {
		this.metrics.upstreamAuthFailure();
		return this.stale.renew(userId, disabled, KeyChange.DISABLED);
	}

	/** Mints a fresh key for the user in place of the current one (an operator's rotation). */
	public UserKey forceProvision(String userId) {
		UserKey key = this.flights.exclusive(userId, () -> this.fleet.mintOnce(userId, (stored) -> false, (stored) -> {
			stored.ifPresent((current) -> log.info("[Auto-Renewal] Forced rotation of key {} for user {}",
					current.label(), userId));
			return stored.map((current) -> this.replacement.replace(current, KeyChange.FORCED))
				.orElseGet(() -> this.replacement.first(userId, KeyChange.FORCED));
		}));
		this.cache.offer(key);
		return key;
	}

	/**
	 * Deletes the user's key at OpenRouter, then from the store.
	 * @throws KeyNotFoundException when the user has no key
	 */
	public void delete(String userId) {
		this.flights.exclusive(userId, () -> {
			UserKey current = this.keys.find(userId).orElseThrow(() -> new KeyNotFoundException(userId));
			this.replacement.delete(current);
			this.cache.forget(userId);
			return current;
		});
	}

	/**
	 * OpenRouter refused {@code key} (told by the HTTP client as the 401's headers are read):
	 * the renewal of the cached key it is starts now on a renewal thread, unless one runs
	 * already, so that the calls leasing it from now on wait for its successor. The call that
	 * got the 401 then joins that renewal. Never runs the renewal on the caller's thread: with
	 * every renewal thread busy, the refused call renews as it always has.
	 */
	@Override
	public void refused(ApiKey key) {
		this.cache.holding(key).ifPresent(this.stale::startRefused);
	}

	/**
	 * Waits until no renewal runs on a renewal thread, at most {@code timeout}: one a refusal
	 * started goes on (the audit, the old key's deletion) after its callers have their key.
	 * @return whether none runs
	 */
	public boolean awaitRenewals(Duration timeout) {
		return this.stale.awaitIdle(timeout);
	}

}
