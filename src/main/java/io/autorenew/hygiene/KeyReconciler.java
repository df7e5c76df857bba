package io.autorenew.hygiene;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.autorenew.keys.KeyMetrics;
import io.autorenew.keys.KeyNames;
import io.autorenew.keys.KeyProvisioner;
import io.autorenew.keys.KeyStore;
import io.autorenew.keys.audit.KeyEventLog;
import io.autorenew.keys.audit.KeyEventType;
import io.autorenew.money.KeyLimits;
import io.autorenew.money.MintCaps;
import io.autorenew.openrouter.ApiKey;
import io.autorenew.openrouter.ListedKey;
import io.autorenew.openrouter.ProvisioningUnavailableException;
import io.autorenew.store.ServiceLease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes orphaned keys: keys this deployment minted (named with its prefix, see
 * {@link KeyNames}) that are no user's stored key, are not waiting out a grace period
 * ({@link PendingDeletes}) and are older than the reconciler's own grace period. They come from a mint whose answer
 * was lost, a save that failed after a mint, a process that died between the two, or a
 * superseded key whose deletion failed. Keys without the prefix and stored keys are never
 * touched. One replica at a time runs it, through a {@link ServiceLease}.
 */
public final class KeyReconciler {

	private static final Logger log = LoggerFactory.getLogger(KeyReconciler.class);

	static final String LEASE = "key-reconciler";

	static final int MAX_PAGES = 1000;

	/** How old a total-limit reservation must be to be left by a dead instance: mints take seconds. */
	public static final Duration STALE_RESERVATION = Duration.ofMinutes(5);

	private final KeyProvisioner provisioning;

	private final KeyStore keys;

	private final KeyEventLog events;

	private final KeyMetrics metrics;

	private final ServiceLease lease;

	private final Clock clock;

	private final ReconcilerProperties properties;

	private final KeyNames names;

	private final PendingDeletes pending;

	private final MintCaps caps;

	private final KeyLimits limits;

	KeyReconciler(KeyProvisioner provisioning, KeyStore keys, KeyEventLog events, KeyMetrics metrics,
			ServiceLease lease, Clock clock, ReconcilerProperties properties, KeyNames names, PendingDeletes pending,
			MintCaps caps, KeyLimits limits) {
		this.caps = caps;
		this.limits = limits;
		this.names = names;
		this.pending = pending;
		this.provisioning = provisioning;
		this.keys = keys;
		this.events = events;
		this.metrics = metrics;
		this.lease = lease;
		this.clock = clock;
		this.properties = properties;
	}

	/**
	 * Runs once if this instance gets the lease.
	 * @return the orphans deleted, or {@code -1} when another instance holds the lease
	 */
	public int reconcile() {
		if (!this.lease.tryAcquire(LEASE, this.properties.interval())) {
			log.debug("Key reconciliation skipped: another instance holds the lease");
			return -1;
		}
		long stale = this.caps.repairReservations(this.clock.instant().minus(STALE_RESERVATION));
		if (stale > 0) {
			log.info("[Auto-Renewal] Removed {} total-limit reservations left by an instance that died mid-mint", stale);
		}
		List<ListedKey> orphans = orphans();
		int deleted = 0;
		for (ListedKey orphan : orphans) {
			try {
				this.limits.retired(this.names.userOf(orphan.name()), orphan.hash());
				if (this.provisioning.delete(orphan.hash())) {
					this.metrics.deleted("orphan");
					this.events.record(this.names.userOf(orphan.name()), KeyEventType.ORPHAN_DELETED, "untracked",
							ApiKey.mask(orphan.label()), null);
					log.info("[Auto-Renewal] Deleted orphaned key {} of user {}", orphan.hash(), this.names.userOf(orphan.name()));
					deleted++;
				}
			}
			catch (ProvisioningUnavailableException ex) {
				log.warn("[Auto-Renewal] Could not delete orphaned key {}: {}", orphan.hash(), ex.getMessage());
			}
		}
		log.info("[Auto-Renewal] Key reconciliation done: {} orphaned keys deleted", deleted);
		return deleted;
	}

	/** Runs from the scheduler: a failure is logged and the next run tries again. */
	void reconcileQuietly() {
		try {
			reconcile();
		}
		catch (RuntimeException ex) {
			log.warn("[Auto-Renewal] Key reconciliation failed: {}", ex.getMessage());
		}
	}

	/**
	 * Lists every key first, then judges: deleting while paging would shift the pages. Stops
	 * at an empty page, or at a page with nothing new (a server that ignores the offset).
	 */
	private List<ListedKey> orphans() {
		Instant cutoff = this.clock.instant().minus(this.properties.grace());
		List<ListedKey> orphans = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		int offset = 0;
		for (int page = 0; page < MAX_PAGES; page++) {
			List<ListedKey> batch = this.provisioning.list(offset);
			boolean anyNew = false;
			for (ListedKey key : batch) {
				if (seen.add(key.hash())) {
					anyNew = true;
					if (isOrphan(key, cutoff)) {
						orphans.add(key);
					}
				}
			}
			if (!anyNew) {
				break;
			}
			offset += batch.size();
		}
		return orphans;
	}

	private boolean isOrphan(ListedKey key, Instant cutoff) {
		return this.names.isOurs(key.name()) && key.createdAt() != null
				&& key.createdAt().isBefore(cutoff) && !this.keys.isStored(key.hash())
				&& !this.pending.contains(key.hash());
	}

}
