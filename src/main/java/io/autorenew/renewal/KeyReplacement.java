package io.autorenew.renewal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import io.autorenew.hygiene.PendingDeletes;
import io.autorenew.keys.KeyChange;
import io.autorenew.keys.KeyMetrics;
import io.autorenew.keys.KeyNotFoundException;
import io.autorenew.keys.KeyProvisioner;
import io.autorenew.keys.KeyStore;
import io.autorenew.keys.UserKey;
import io.autorenew.keys.audit.KeyEventLog;
import io.autorenew.keys.audit.KeyEventType;
import io.autorenew.money.KeyLimits;
import io.autorenew.money.LimitReservations;
import io.autorenew.money.MintCaps;
import io.autorenew.openrouter.MintedKey;
import io.autorenew.openrouter.ProvisioningUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mints a key and makes it the user's, in the one order that never leaves a user without a
 * working stored key nor a live key nobody tracks: mint, save (conditionally), and only then
 * delete the superseded key (at once, or after a grace period when it still works and calls
 * may be using it). A key minted but not saved (the save failed, or another replica
 * saved first) is deleted at once ({@link SupersededKeys}). Every outcome is audited and
 * counted.
 * <p>
 * Callers hold the user's single flight; this class does no locking of its own.
 */
final class KeyReplacement {

	private static final Logger log = LoggerFactory.getLogger(KeyReplacement.class);

	private final KeyStore keys;

	private final KeyProvisioner provisioning;

	private final KeyEventLog events;

	private final KeyMetrics metrics;

	private final Clock clock;

	private final SupersededKeys superseded;

	private final MintCaps caps;

	private final KeyLimits limits;

	KeyReplacement(KeyStore keys, KeyProvisioner provisioning, KeyEventLog events, KeyMetrics metrics, Clock clock,
			PendingDeletes pending, Duration grace, MintCaps caps, KeyLimits limits) {
		this.caps = caps;
		this.limits = limits;
		this.keys = keys;
		this.provisioning = provisioning;
		this.events = events;
		this.metrics = metrics;
		this.clock = clock;
		this.superseded = new SupersededKeys(keys, provisioning, metrics, clock, pending, grace);
	}

	/**
	 * {@code current} is about to be replaced and can no longer spend: what it spent may be read
	 * now, on {@code executor}, while the replacement takes its claim ({@link KeyLimits#readAhead}).
	 */
	void readAhead(UserKey current, Executor executor) {
		this.limits.readAhead(current, executor);
	}

	/** Mints and stores the user's first key; adopts another instance's if it stored one first. */
	UserKey first(String userId, KeyChange change) {
		return first(userId, change, (saved) -> {
		});
	}

	/** As {@link #first(String, KeyChange)}, handing the key to {@code saved} as soon as it is stored. */
	UserKey first(String userId, KeyChange change, Consumer<UserKey> saved) {
		BigDecimal limit = this.limits.forNextKey(userId, null);
		UserKey first;
		try (LimitReservations.Reservation reserved = this.caps.check(userId, change, true)) {
			MintedKey minted = mint(userId, null, change, limit);
			UserKey created = UserKey.first(userId, minted, now());
			if (!save(userId, minted, () -> this.keys.insert(created))) {
				return adoptWinner(userId, minted);
			}
			first = created;
		}
		this.limits.minted(userId, first.keyHash(), limit);
		saved.accept(first);
		log.info("[Auto-Renewal] New key created and saved: {}", first.label());
		this.events.record(userId, change.event, change.reason, null, first.label());
		return first;
	}

	/**
	 * Replaces {@code current} with a fresh key if it is still the stored one; otherwise adopts
	 * whatever another instance stored.
	 */
	UserKey replace(UserKey current, KeyChange change) {
		return replace(current, change, (saved) -> {
		});
	}

	/**
	 * As {@link #replace(UserKey, KeyChange)}, handing the new key to {@code saved} as soon as
	 * it is stored, before the audit event and the deletion of the superseded key.
	 */
	UserKey replace(UserKey current, KeyChange change, Consumer<UserKey> saved) {
		BigDecimal limit = this.limits.forNextKey(current.userId(), current);
		this.caps.check(current.userId(), change, false).close();
		MintedKey minted = mint(current.userId(), current, change, limit);
		UserKey next = current.replacedBy(minted, now(), change.automatic);
		// the predecessor's spend, stored beside the mint, is in the user's record before its successor is saved
		if (!save(current.userId(), minted, () -> {
			this.limits.carried(current);
			return this.keys.replace(current.keyHash(), next);
		})) {
			return adoptWinner(current.userId(), minted);
		}
		// the callers waiting for the key go first: the budget's note of the live key is not theirs to wait for
		saved.accept(next);
		this.limits.minted(current.userId(), next.keyHash(), limit);
		log.info("[Auto-Renewal] New key created and saved: {}", next.label());
		this.events.record(current.userId(), change.event, change.reason, current.label(), next.label());
		this.superseded.retire(current, change.graceful);
		return next;
	}

	/**
	 * Deletes the user's key at OpenRouter, then from the store.
	 * @throws ProvisioningUnavailableException if OpenRouter could not delete it (the stored
	 * key is kept, so nothing is lost)
	 */
	void delete(UserKey current) {
		this.limits.retired(current.userId(), current.keyHash());
		if (this.provisioning.delete(current.keyHash())) {
			this.metrics.deleted("operator");
		}
		this.keys.delete(current.userId(), current.keyHash());
		this.events.record(current.userId(), KeyEventType.DELETED, "operator", current.label(), null);
		log.info("[Auto-Renewal] Deleted key {} of user {}", current.label(), current.userId());
	}

	private MintedKey mint(String userId, UserKey current, KeyChange change, BigDecimal limit) {
		log.info("[Auto-Renewal] Creating new runtime key for user {}", userId);
		try {
			return this.metrics.timeMint(change, () -> this.provisioning.mint(userId, limit));
		}
		catch (ProvisioningUnavailableException ex) {
			log.warn("[Auto-Renewal] Could not mint a key for user {}: {}", userId, ex.getMessage());
			this.events.record(userId, KeyEventType.RENEWAL_FAILED, change.reason,
					(current != null) ? current.label() : null, null);
			throw ex;
		}
	}

	/** Saves a minted key; if the save throws, the key is deleted so it does not stay live untracked. */
	private boolean save(String userId, MintedKey minted, BooleanSupplier write) {
		try {
			return write.getAsBoolean();
		}
		catch (RuntimeException ex) {
			log.warn("[Auto-Renewal] Could not save new key {} of user {}, deleting it: {}", minted.key().masked(),
					userId, ex.getClass().getSimpleName());
			this.superseded.discard(userId, minted.hash(), "unsaved");
			throw ex;
		}
	}

	/** Another instance stored a key first: use theirs and delete ours. */
	private UserKey adoptWinner(String userId, MintedKey ours) {
		this.superseded.discard(userId, ours.hash(), "redundant");
		UserKey winner = this.keys.find(userId).orElseThrow(() -> new KeyNotFoundException(userId));
		log.info("[Auto-Renewal] Another instance renewed the key of user {} first; using {}", userId, winner.label());
		return winner;
	}

	/** Now, at the millisecond precision MongoDB stores, so answers match what is read back. */
	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

}
