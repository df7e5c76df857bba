package io.autorenew.hygiene;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import io.autorenew.hygiene.PendingDeletes.PendingDelete;
import io.autorenew.keys.KeyMetrics;
import io.autorenew.keys.KeyProvisioner;
import io.autorenew.keys.KeyStore;
import io.autorenew.openrouter.ProvisioningUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes superseded keys whose grace period is over. Runs on every instance; each due key
 * is handed to one of them ({@link PendingDeletes#takeDue}). A deletion that fails is tried
 * again a minute later, by whichever instance comes first.
 */
public final class KeyRetirer {

	private static final Logger log = LoggerFactory.getLogger(KeyRetirer.class);

	public static final Duration RETRY_IN = Duration.ofMinutes(1);

	private static final int MAX_PER_RUN = 1000;

	private final PendingDeletes pending;

	private final KeyStore keys;

	private final KeyProvisioner provisioning;

	private final KeyMetrics metrics;

	private final Clock clock;

	public KeyRetirer(PendingDeletes pending, KeyStore keys, KeyProvisioner provisioning, KeyMetrics metrics, Clock clock) {
		this.pending = pending;
		this.keys = keys;
		this.provisioning = provisioning;
		this.metrics = metrics;
		this.clock = clock;
	}

	/**
	 * Deletes every key whose grace period is over.
	 * @return how many were deleted at OpenRouter
	 */
	public int retireDue() {
		int deleted = 0;
		for (int i = 0; i < MAX_PER_RUN; i++) {
			Optional<PendingDelete> due = this.pending.takeDue(this.clock.instant(), RETRY_IN);
			if (due.isEmpty()) {
				break;
			}
			if (retire(due.get())) {
				deleted++;
			}
		}
		return deleted;
	}

	/** Runs from the scheduler: a failure is logged and the next run tries again. */
	void retireQuietly() {
		try {
			retireDue();
		}
		catch (RuntimeException ex) {
			log.warn("[Auto-Renewal] Deleting superseded keys failed: {}", ex.getMessage());
		}
	}

	private boolean retire(PendingDelete key) {
		if (this.keys.isStored(key.keyHash())) {
			log.warn("[Auto-Renewal] Superseded key {} of user {} is stored again: not deleting it", key.keyLabel(),
					key.userId());
			this.pending.remove(key.keyHash());
			return false;
		}
		try {
			boolean deletedNow = this.provisioning.delete(key.keyHash());
			this.pending.remove(key.keyHash());
			if (deletedNow) {
				this.metrics.deleted("superseded");
				log.info("[Auto-Renewal] Deleted superseded key {} of user {} after its grace period", key.keyLabel(),
						key.userId());
			}
			return deletedNow;
		}
		catch (ProvisioningUnavailableException ex) {
			log.warn("[Auto-Renewal] Could not delete superseded key {} of user {}; retrying in {}: {}",
					key.keyLabel(), key.userId(), RETRY_IN, ex.getMessage());
			return false;
		}
	}

}
