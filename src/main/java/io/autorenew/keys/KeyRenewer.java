package io.autorenew.keys;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns every change to a user's OpenRouter key: first mint, renewal after a 401, an
 * operator's forced rotation and deletion. All of them go through one single flight per
 * user, and every store write is conditional on what was read, so concurrent requests and
 * replicas mint once and keep one live key.
 * <p>
 * Order of work on replacement: mint, save, and only then delete the superseded key at
 * OpenRouter, so a failure at any step never leaves the user without a working stored key.
 */
public final class KeyRenewer {

	private static final Logger log = LoggerFactory.getLogger(KeyRenewer.class);

	static final String NAME_PREFIX = "analysis-service:";

	private final KeyStore keys;

	private final KeyProvisioner provisioning;

	private final SingleFlight flights;

	private final Clock clock;

	KeyRenewer(KeyStore keys, KeyProvisioner provisioning, SingleFlight flights, Clock clock) {
		this.keys = keys;
		this.provisioning = provisioning;
		this.flights = flights;
		this.clock = clock;
	}

	/** The user's stored key, if any. */
	public Optional<UserKey> find(String userId) {
		return this.keys.find(userId);
	}

	/**
	 * The key to call OpenRouter with: the stored one, or a first key minted now (once, however
	 * many requests ask at the same time).
	 */
	public KeyLease lease(String userId) {
		Optional<UserKey> stored = this.keys.find(userId);
		if (stored.isPresent()) {
			return new KeyLease(stored.get(), false);
		}
		AtomicBoolean minted = new AtomicBoolean();
		UserKey key = this.flights.run(userId, () -> this.keys.find(userId).orElseGet(() -> {
			minted.set(true);
			return mintFirst(userId);
		})).key();
		return new KeyLease(key, minted.get());
	}

	/**
	 * Replaces a key OpenRouter rejected. If the stored key is no longer the rejected one,
	 * someone already renewed it: that key is returned and nothing is minted.
	 */
	public UserKey renew(String userId, UserKey rejected) {
		return this.flights.run(userId, () -> {
			Optional<UserKey> stored = this.keys.find(userId);
			if (stored.isPresent() && !stored.get().sameKeyAs(rejected)) {
				log.info("[Auto-Renewal] Key of user {} was already renewed: {}", userId, stored.get().label());
				return stored.get();
			}
			return stored.map((current) -> replace(current, true)).orElseGet(() -> mintFirst(userId));
		}).key();
	}

	/** Mints a fresh key for the user in place of the current one (an operator's rotation). */
	public UserKey forceProvision(String userId) {
		return this.flights.exclusive(userId, () -> {
			Optional<UserKey> stored = this.keys.find(userId);
			if (stored.isPresent()) {
				log.info("[Auto-Renewal] Forced rotation of key {} for user {}", stored.get().label(), userId);
			}
			return stored.map((current) -> replace(current, false)).orElseGet(() -> mintFirst(userId));
		});
	}

	/**
	 * Deletes the user's key at OpenRouter, then from the store.
	 * @throws KeyNotFoundException when the user has no key
	 */
	public void delete(String userId) {
		this.flights.exclusive(userId, () -> {
			UserKey current = this.keys.find(userId).orElseThrow(() -> new KeyNotFoundException(userId));
			this.provisioning.delete(current.keyHash());
			this.keys.delete(userId, current.keyHash());
			log.info("[Auto-Renewal] Deleted key {} of user {}", current.label(), userId);
			return current;
		});
	}

	private UserKey mintFirst(String userId) {
		MintedKey minted = mint(userId);
		UserKey first = UserKey.first(userId, minted, now());
		if (!save(minted, () -> this.keys.insert(first))) {
			return adoptWinner(userId, minted);
		}
		log.info("[Auto-Renewal] New key created and saved: {}", first.label());
		return first;
	}

	private UserKey replace(UserKey current, boolean automatic) {
		MintedKey minted = mint(current.userId());
		UserKey next = current.replacedBy(minted, now(), automatic);
		if (!save(minted, () -> this.keys.replace(current.keyHash(), next))) {
			return adoptWinner(current.userId(), minted);
		}
		log.info("[Auto-Renewal] New key created and saved: {}", next.label());
		this.provisioning.deleteQuietly(current.keyHash(), "superseded");
		return next;
	}

	private MintedKey mint(String userId) {
		log.info("[Auto-Renewal] Creating new runtime key for user {}", userId);
		try {
			return this.provisioning.mint(keyName(userId));
		}
		catch (ProvisioningUnavailableException ex) {
			log.warn("[Auto-Renewal] Could not mint a key for user {}: {}", userId, ex.getMessage());
			throw ex;
		}
	}

	/** Saves a minted key; if the save throws, the key is deleted so it does not stay live untracked. */
	private boolean save(MintedKey minted, BooleanSupplier write) {
		try {
			return write.getAsBoolean();
		}
		catch (RuntimeException ex) {
			log.warn("[Auto-Renewal] Could not save new key {}, deleting it: {}", minted.key().masked(),
					ex.getClass().getSimpleName());
			this.provisioning.deleteQuietly(minted.hash(), "unsaved");
			throw ex;
		}
	}

	/** Another replica stored a key first: use theirs and delete ours. */
	private UserKey adoptWinner(String userId, MintedKey ours) {
		this.provisioning.deleteQuietly(ours.hash(), "redundant");
		UserKey winner = this.keys.find(userId).orElseThrow(() -> new KeyNotFoundException(userId));
		log.info("[Auto-Renewal] Another instance renewed the key of user {} first; using {}", userId, winner.label());
		return winner;
	}

	/** Now, at the millisecond precision MongoDB stores, so answers match what is read back. */
	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

	private String keyName(String userId) {
		return NAME_PREFIX + userId + ":" + this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
	}

	/**
	 * A key to call OpenRouter with.
	 *
	 * @param key the user's key
	 * @param provisioned whether this call minted the user's first key (callers that waited
	 * for another call's mint get {@code false})
	 */
	public record KeyLease(UserKey key, boolean provisioned) {
	}

}
