package io.autorenew.renewal;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.autorenew.keys.KeyChange;
import io.autorenew.keys.UserKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces the keys that can no longer call: refused or disabled by OpenRouter, expired,
 * unreadable. One renewal per key, in the user's single flight, on a renewal thread
 * ({@link RenewalThreads}); while it runs the key is marked ({@link RunningRenewals}), so the
 * calls that lease it wait for its successor instead of calling with it. A renewal a refusal
 * starts ({@link #startRefused}) begins as the HTTP client reads the 401's headers; the refused
 * call then joins it.
 */
final class StaleKeys {

	private static final Logger log = LoggerFactory.getLogger(StaleKeys.class);

	private final KeyReplacement replacement;

	private final SingleFlight flights;

	private final ClaimedMint fleet;

	private final KeyCache cache;

	private final RenewalThreads urgent;

	private final RunningRenewals running = new RunningRenewals();

	StaleKeys(KeyReplacement replacement, SingleFlight flights, ClaimedMint fleet, KeyCache cache,
			RenewalThreads urgent) {
		this.replacement = replacement;
		this.flights = flights;
		this.fleet = fleet;
		this.cache = cache;
		this.urgent = urgent;
	}

	/** Why {@code key} is being replaced, or {@code null} when no renewal of it runs. */
	KeyChange renewing(UserKey key) {
		return this.running.of(key);
	}

	/**
	 * Starts the renewal of {@code stale}, which OpenRouter refused, on a renewal thread, unless
	 * one runs already. Never on the caller's thread: with every renewal thread busy, the refused
	 * call renews as it always has.
	 */
	void startRefused(UserKey stale) {
		String userId = stale.userId();
		RunningRenewals.Marker marker = this.running.markIfIdle(stale, KeyChange.REJECTED);
		if (marker == null) {
			return;
		}
		boolean started = this.urgent.tryExecute(() -> {
			try {
				renewMarked(userId, stale, KeyChange.REJECTED, marker);
			}
			catch (RuntimeException ex) {
				// the refused calls renew again themselves, and report what fails
				log.warn("[Auto-Renewal] Renewal of refused key {} of user {} failed: {}", stale.label(), userId,
						ex.getMessage());
			}
		});
		if (!started) {
			this.running.ended(marker);
		}
	}

	/**
	 * The successor of {@code stale}: the one a renewal already saved, or one minted now. If the
	 * stored key is no longer {@code stale}, someone renewed it: that key, and nothing is minted.
	 */
	UserKey renew(String userId, UserKey stale, KeyChange change) {
		return renewMarked(userId, stale, change, this.running.mark(stale, change));
	}

	/** A key other than {@code stale}, and readable: its replacement. */
	private static Predicate<UserKey> renewedElsewhere(UserKey stale) {
		return (stored) -> !stored.sameKeyAs(stale) && stored.readable();
	}

	private UserKey renewMarked(String userId, UserKey stale, KeyChange change, RunningRenewals.Marker marker) {
		try {
			// The cache only moves to newer keys: one that differs from the stale key replaced it
			// already (a call that leased the stale key while its renewal ran), so no store read.
			Predicate<UserKey> renewedElsewhere = renewedElsewhere(stale);
			Optional<UserKey> cached = this.cache.peek(userId).filter(renewedElsewhere);
			if (cached.isPresent()) {
				return cached.get();
			}
			return renewNow(userId, stale, change, renewedElsewhere);
		}
		finally {
			this.running.ended(marker);
		}
	}

	private UserKey renewNow(String userId, UserKey stale, KeyChange change, Predicate<UserKey> renewedElsewhere) {
		// cached as soon as it is saved: the leader's audit and the old key's deletion come after
		AtomicBoolean cached = new AtomicBoolean();
		// Whether another replica renewed it already is read after the mint claim (mintOnce).
		UserKey key = this.flights.publishing(userId, (saved) -> this.urgent.call(() -> {
			Consumer<UserKey> publish = (next) -> {
				this.cache.offer(next);
				cached.set(true);
				saved.accept(next);
			};
			// the stale key spends no more: its spend and the user's record are read while the claim is taken and the key read
			this.replacement.readAhead(stale, this.urgent);
			AtomicBoolean minted = new AtomicBoolean();
			UserKey found = this.fleet.mintOnce(userId, renewedElsewhere, (current) -> {
				minted.set(true);
				return current.map((stored) -> this.replacement.replace(stored, change, publish))
					.orElseGet(() -> this.replacement.first(userId, KeyChange.FIRST_USE, publish));
			});
			if (!minted.get()) {
				log.info("[Auto-Renewal] Key of user {} was already renewed: {}", userId, found.label());
			}
			return found;
		})).key();
		if (!cached.get()) {
			this.cache.offer(key);
		}
		return key;
	}

	/** Waits until no renewal runs on a renewal thread, at most {@code timeout}; whether none runs. */
	boolean awaitIdle(Duration timeout) {
		return this.urgent.awaitIdle(timeout);
	}

}
