package io.autorenew.money;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.autorenew.StoreBackground;
import io.autorenew.keys.KeyProvisioner;
import io.autorenew.keys.UserKey;
import io.autorenew.money.UserPolicies.UserPolicy;
import io.autorenew.openrouter.ProvisioningUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;

/**
 * When a new period begins, a live key whose limit was lowered by the spend carried from the
 * user's earlier keys gets the full budget back ({@code PATCH /keys/{hash}}): at the user's
 * first request of the period, or in the reconciler's pass. Part of {@link Budgets}.
 */
final class BudgetRestore {

	private static final Logger log = LoggerFactory.getLogger(BudgetRestore.class);

	private final UserPolicies policies;

	private final KeyProvisioner provisioning;

	private final BigDecimal defaultBudget;

	private final BudgetPeriod period;

	private final Clock clock;

	/**
	 * Per user, which key's lowered limit is due back to the full budget when (absent: not
	 * lowered). Read again a minute after it was read, off the request path; a read that fails
	 * keeps what is known, so a store outage never reaches a request through it.
	 */
	private final LoadingCache<String, Lowered> restoreAt;

	BudgetRestore(UserPolicies policies, KeyProvisioner provisioning, BigDecimal defaultBudget, BudgetPeriod period,
			Clock clock) {
		this.policies = policies;
		this.provisioning = provisioning;
		this.defaultBudget = defaultBudget;
		this.period = period;
		this.clock = clock;
		this.restoreAt = Caffeine.newBuilder()
			.refreshAfterWrite(Duration.ofMinutes(1))
			.executor(StoreBackground.executor())
			.ticker(() -> TimeUnit.MILLISECONDS.toNanos(this.clock.millis()))
			.maximumSize(1_000_000)
			.build(new CacheLoader<>() {

				@Override
				public Lowered load(String userId) {
					return lowered(userId);
				}

				@Override
				public Lowered reload(String userId, Lowered known) {
					try {
						return lowered(userId);
					}
					catch (DataAccessException storeDown) {
						return known;
					}
				}

			});
	}

	/** The user's live key changed: what is known of its lowered limit is read again. */
	void forget(String userId) {
		this.restoreAt.invalidate(userId);
	}

	/**
	 * At the first request of a new period: a live key whose limit was lowered by a carried spend
	 * gets the full budget back. Answers from memory almost always.
	 */
	void restoreIfDue(UserKey key) {
		Instant now = this.clock.instant();
		Optional<Instant> due;
		try {
			due = this.restoreAt.get(key.userId()).of(key.keyHash());
		}
		catch (DataAccessException storeDown) {
			// Not known yet and the store cannot say: the restore waits for a later request.
			return;
		}
		if (due.isEmpty() || now.isBefore(due.get())) {
			return;
		}
		restore(key.userId(), key.keyHash(), now);
	}

	/** {@link #restoreAllDue()} from a scheduler: a failure is logged, the next pass tries again. */
	void restoreAllDueQuietly() {
		try {
			restoreAllDue();
		}
		catch (RuntimeException ex) {
			log.warn("[Auto-Renewal] Restoring budgets failed: {}", ex.getClass().getSimpleName());
		}
	}

	/** Restores every lowered key whose period ended (the reconciler's pass); returns how many. */
	int restoreAllDue() {
		Instant now = this.clock.instant();
		Instant start = this.period.start(now);
		int restored = 0;
		for (UserPolicy policy : this.policies.liveKeysBefore(start)) {
			if (restore(policy.userId(), policy.keyHash(), now)) {
				restored++;
			}
		}
		return restored;
	}

	private boolean restore(String userId, String keyHash, Instant now) {
		UserPolicy policy = this.policies.inPeriod(userId, this.period.start(now));
		BigDecimal budget = (policy.budgetUsd() != null) ? policy.budgetUsd() : this.defaultBudget;
		if (!keyHash.equals(policy.keyHash()) || policy.keyLimitUsd() == null
				|| policy.keyLimitUsd().compareTo(budget) >= 0) {
			this.restoreAt.put(userId, Lowered.NONE);
			return false;
		}
		try {
			this.provisioning.setLimit(keyHash, budget);
		}
		catch (ProvisioningUnavailableException ex) {
			log.warn("[Auto-Renewal] Could not restore the budget of user {}: {}", userId, ex.getMessage());
			return false;
		}
		this.policies.liveKey(userId, keyHash, budget);
		this.restoreAt.put(userId, Lowered.NONE);
		log.info("[Auto-Renewal] A new {} period began: key of user {} has its full budget of {} USD again",
				this.period.value(), userId, budget);
		return true;
	}

	private Lowered lowered(String userId) {
		UserPolicy policy = this.policies.find(userId).orElse(null);
		if (policy == null || policy.keyHash() == null || policy.keyLimitUsd() == null || policy.periodStart() == null) {
			return Lowered.NONE;
		}
		return new Lowered(policy.keyHash(), Optional.ofNullable(this.period.end(policy.periodStart())));
	}

	/** Which key of a user has a lowered limit, and until when. */
	private record Lowered(String keyHash, Optional<Instant> until) {

		static final Lowered NONE = new Lowered(null, Optional.empty());

		Optional<Instant> of(String keyHash) {
			return keyHash.equals(this.keyHash) ? this.until : Optional.empty();
		}

	}

}
