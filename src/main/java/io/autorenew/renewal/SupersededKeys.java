package io.autorenew.renewal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.autorenew.hygiene.KeyRetirer;
import io.autorenew.hygiene.PendingDeletes;
import io.autorenew.keys.KeyMetrics;
import io.autorenew.keys.KeyProvisioner;
import io.autorenew.keys.KeyStore;
import io.autorenew.keys.UserKey;
import io.autorenew.openrouter.ProvisioningUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What becomes of the keys a replacement leaves behind ({@link KeyReplacement}): the one it
 * superseded is deleted at OpenRouter at once, or after the grace period when it still works
 * and calls may be using it; one minted but not saved, or saved by another replica first, is
 * deleted at once. A delete that fails is logged and left to the reconciler.
 */
final class SupersededKeys {

	private static final Logger log = LoggerFactory.getLogger(SupersededKeys.class);

	private final KeyStore keys;

	private final KeyProvisioner provisioning;

	private final KeyMetrics metrics;

	private final Clock clock;

	private final PendingDeletes pending;

	private final Duration grace;

	SupersededKeys(KeyStore keys, KeyProvisioner provisioning, KeyMetrics metrics, Clock clock, PendingDeletes pending,
			Duration grace) {
		this.keys = keys;
		this.provisioning = provisioning;
		this.metrics = metrics;
		this.clock = clock;
		this.pending = pending;
		this.grace = grace;
	}

	/**
	 * Retires the key a replacement superseded: after the grace period when {@code graceful}
	 * (it still works), otherwise at once.
	 */
	void retire(UserKey superseded, boolean graceful) {
		if (graceful && !this.grace.isZero()) {
			retireLater(superseded);
		}
		else {
			discardSuperseded(superseded);
		}
	}

	/**
	 * Deletes the key a replacement superseded, unless another user's record still holds it (a
	 * copied record must not revoke its owner's key). If the store cannot tell, the key is
	 * left for the reconciler.
	 */
	private void discardSuperseded(UserKey superseded) {
		boolean storedElsewhere;
		try {
			storedElsewhere = this.keys.isStored(superseded.keyHash());
		}
		catch (RuntimeException ex) {
			log.warn("[Auto-Renewal] Could not check superseded key {} of user {}; leaving it to the reconciler: {}",
					superseded.label(), superseded.userId(), ex.getClass().getSimpleName());
			return;
		}
		if (storedElsewhere) {
			log.warn("[Auto-Renewal] Superseded key {} of user {} is still stored for another user: not deleting it",
					superseded.label(), superseded.userId());
			return;
		}
		discard(superseded.userId(), superseded.keyHash(), "superseded");
	}

	/**
	 * Leaves a superseded key that still works valid for the grace period, so calls already
	 * using it finish; {@link KeyRetirer} deletes it after. If the deletion cannot be
	 * scheduled, the reconciler finds the key later.
	 */
	private void retireLater(UserKey superseded) {
		Instant deleteAfter = now().plus(this.grace);
		try {
			this.pending.add(new PendingDeletes.PendingDelete(superseded.keyHash(), superseded.userId(),
					superseded.label(), deleteAfter));
			log.info("[Auto-Renewal] Superseded key {} of user {} stays valid until {}", superseded.label(),
					superseded.userId(), deleteAfter);
		}
		catch (RuntimeException ex) {
			log.warn("[Auto-Renewal] Could not schedule deletion of superseded key {} of user {}; leaving it to the "
					+ "reconciler: {}", superseded.label(), superseded.userId(), ex.getClass().getSimpleName());
		}
	}

	/** Deletes a key nobody needs any more; a failure is logged, the reconciler retries later. */
	void discard(String userId, String hash, String why) {
		try {
			if (this.provisioning.delete(hash)) {
				this.metrics.deleted(why);
			}
		}
		catch (ProvisioningUnavailableException ex) {
			log.warn("[Auto-Renewal] Could not delete {} key {} of user {}: {}", why, hash, userId, ex.getMessage());
		}
	}

	/** Now, at the millisecond precision MongoDB stores. */
	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

}
