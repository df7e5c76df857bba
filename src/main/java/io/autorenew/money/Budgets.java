package io.autorenew.money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

import io.autorenew.keys.KeyProvisioner;
import io.autorenew.keys.UserKey;
import io.autorenew.money.Everyone.Period;
import io.autorenew.money.Everyone.UserMoney;
import io.autorenew.money.UserPolicies.UserPolicy;
import io.autorenew.openrouter.KeyDetails;
import io.autorenew.openrouter.KeyUsage;
import io.autorenew.openrouter.ProvisioningUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users' budgets: {@code OPENROUTER_KEY_LIMIT_USD} per {@code OPENROUTER_KEY_LIMIT_RESET}, or
 * what an admin set, kept whole across renewals. Before a key is replaced its spend this period
 * is read from OpenRouter ({@code GET /keys/{hash}}) and carried: the new key's limit is the
 * budget minus what the user's keys of this period spent. Kept in the user's {@link UserPolicies}
 * beside the suspension; re-reading a retired key overwrites its spend, so a retried renewal never
 * counts twice.
 */
public final class Budgets implements KeyLimits {

	private static final Logger log = LoggerFactory.getLogger(Budgets.class);

	private final UserPolicies policies;

	private final KeyProvisioner provisioning;

	private final BigDecimal defaultBudget;

	private final BudgetPeriod period;

	private final Clock clock;

	/** Gives a lowered key its full budget back when a new period begins. */
	private final BudgetRestore restore;

	/**
	 * Spends read and carried ahead of a renewal ({@link #readAhead}), each taken by its
	 * {@link #forNextKey}.
	 */
	private final SpendReadAhead readAhead;

	Budgets(UserPolicies policies, KeyProvisioner provisioning, BigDecimal defaultBudget, BudgetPeriod period,
			Clock clock) {
		this.policies = policies;
		this.provisioning = provisioning;
		this.defaultBudget = defaultBudget;
		this.period = period;
		this.clock = clock;
		this.restore = new BudgetRestore(policies, provisioning, defaultBudget, period, clock);
		this.readAhead = new SpendReadAhead(policies, this::spendOf, () -> period.start(clock.instant()));
	}

	@Override
	public BigDecimal forNextKey(String userId, UserKey retiring) {
		Instant now = this.clock.instant();
		Instant start = this.period.start(now);
		BudgetState state;
		if (retiring == null) {
			state = load(userId, start);
		}
		else {
			SpendReadAhead.Retirement retired = this.readAhead.take(retiring);
			state = this.readAhead.carryingBesideTheMint(retiring, retired, start)
				.or(() -> retired.carriedIn(start))
				.map(BudgetState::of)
				.orElseGet(() -> carry(userId, start, retiring, retired));
		}
		BigDecimal remaining = state.budget(this.defaultBudget).subtract(state.spent());
		if (remaining.signum() <= 0) {
			throw new BudgetExhaustedException(userId, this.period.end(now), now);
		}
		return remaining;
	}

	/**
	 * Carries the retiring key's spend into this period, begun at {@code start}, setting the
	 * period first; with no spend read, its successor gets no more than the last known remainder.
	 */
	private BudgetState carry(String userId, Instant start, UserKey retiring, SpendReadAhead.Retirement retired) {
		BudgetState state = load(userId, start);
		BigDecimal spent;
		if (retired.spent().isPresent()) {
			spent = retired.spent().get();
		}
		else {
			BigDecimal budget = state.budget(this.defaultBudget);
			BigDecimal lastKnown = retiring.keyHash().equals(state.keyHash()) && state.keyLimit() != null
					? state.keyLimit() : budget.subtract(state.spent());
			BigDecimal left = budget.subtract(state.spent()).min(lastKnown).max(BigDecimal.ZERO);
			spent = budget.subtract(state.spent()).subtract(left).max(BigDecimal.ZERO);
			log.warn("[Auto-Renewal] Could not read the spend of key {} of user {}: its successor gets no more "
					+ "than the last known remainder", retiring.label(), userId);
		}
		return BudgetState.of(this.policies.carry(userId, retiring.keyHash(), spent));
	}

	/**
	 * {@inheritDoc} A key OpenRouter no longer knows spent nothing more to carry.
	 * @throws ProvisioningUnavailableException when OpenRouter cannot say what the key spent: the
	 * caller keeps the key rather than lose its spend
	 */
	@Override
	public void retired(String userId, String keyHash) {
		Instant start = this.period.start(this.clock.instant());
		Optional<KeyDetails> details = this.provisioning.describe(keyHash);
		load(userId, start);
		details.ifPresent((key) -> this.policies.carry(userId, keyHash, usd(this.period.usage(key))));
	}

	@Override
	public void carried(UserKey retiring) {
		this.readAhead.carried(retiring);
	}

	@Override
	public void minted(String userId, String keyHash, BigDecimal limitUsd) {
		this.policies.liveKey(userId, keyHash, limitUsd);
		this.restore.forget(userId);
	}

	/** The 402 for a user whose key's limit OpenRouter says is reached. */
	public BudgetExhaustedException exhausted(String userId) {
		Instant now = this.clock.instant();
		return new BudgetExhaustedException(userId, this.period.end(now), now);
	}

	/** What the live key spent this period, as its {@code GET /key} said. */
	public Optional<BigDecimal> periodSpend(KeyUsage usage) {
		return Optional.ofNullable(this.period.usage(usage)).map(Budgets::usd);
	}

	/** The user's budget and spend this period; the live key's spend is read from OpenRouter. */
	Budget view(String userId, UserKey live) {
		return view(userId, (live != null) ? spendOf(live.keyHash()) : Optional.empty());
	}

	/** The user's budget and spend this period, given what the live key spent. */
	public Budget view(String userId, Optional<BigDecimal> liveSpent) {
		Instant now = this.clock.instant();
		BudgetState state = load(userId, this.period.start(now));
		BigDecimal budget = state.budget(this.defaultBudget);
		BigDecimal spent = state.spent().add(liveSpent.orElse(BigDecimal.ZERO));
		return new Budget(plain(budget), plain(spent), plain(budget.subtract(spent).max(BigDecimal.ZERO)),
				this.period.value(),
				this.period.end(now), state.custom() ? "user" : "default");
	}

	/**
	 * Sets the user's budget ({@code null}: back to the default) and the live key's limit to
	 * what is left of it this period.
	 */
	Budget set(String userId, BigDecimal budgetUsd, UserKey live) {
		this.policies.setBudget(userId, budgetUsd);
		if (live != null) {
			BudgetState state = state(userId);
			BigDecimal limit = state.budget(this.defaultBudget).subtract(state.spent()).max(BigDecimal.ZERO);
			this.provisioning.setLimit(live.keyHash(), limit);
			minted(userId, live.keyHash(), limit);
		}
		return view(userId, live);
	}

	/** One user's budget and suspension as stored (no call to OpenRouter), and this period. */
	Everyone one(String userId) {
		return everyone(this.policies.find(userId).stream().toList());
	}

	/** Every user's budget and suspension as stored, and this period; see {@link UserBudgets#everyone}. */
	Everyone everyone() {
		return everyone(this.policies.all());
	}

	private Everyone everyone(List<UserPolicy> stored) {
		Instant now = this.clock.instant();
		Map<String, UserMoney> users = new LinkedHashMap<>();
		for (UserPolicy policy : stored) {
			BigDecimal budget = (policy.budgetUsd() != null) ? policy.budgetUsd() : this.defaultBudget;
			users.put(policy.userId(), new UserMoney(policy.userId(), plain(budget), policy.suspended()));
		}
		return new Everyone(new Period(this.period.value(), this.period.start(now), this.period.end(now)),
				plain(this.defaultBudget), users);
	}

	/** See {@link BudgetRestore#restoreIfDue}. */
	public void restoreIfDue(UserKey key) {
		this.restore.restoreIfDue(key);
	}

	/** See {@link BudgetRestore#restoreAllDueQuietly}. */
	public void restoreAllDueQuietly() {
		this.restore.restoreAllDueQuietly();
	}

	/**
	 * {@inheritDoc} The key can no longer spend, so what it spent is final: reading and carrying
	 * it while the renewal takes its claim and reads the store ({@link SpendReadAhead}) gives the
	 * same answer as doing so after.
	 */
	@Override
	public void readAhead(UserKey retiring, Executor executor) {
		this.readAhead.start(retiring, executor);
	}

	/** What the key spent this period, read at OpenRouter now; empty when it cannot be read. */
	private Optional<BigDecimal> spendOf(String keyHash) {
		try {
			return this.provisioning.describe(keyHash).map((key) -> usd(this.period.usage(key)));
		}
		catch (ProvisioningUnavailableException ex) {
			return Optional.empty();
		}
	}

	private BudgetState state(String userId) {
		return load(userId, this.period.start(this.clock.instant()));
	}

	/** The user's state for the period that began at {@code start}; an older period's spend is dropped. */
	private BudgetState load(String userId, Instant start) {
		return BudgetState.of(this.policies.inPeriod(userId, start));
	}

	/** The amount without trailing zeros, and never in exponent form (10, not 1E+1). */
	private static BigDecimal plain(BigDecimal amount) {
		BigDecimal stripped = amount.stripTrailingZeros();
		return (stripped.scale() < 0) ? stripped.setScale(0) : stripped;
	}

	private static BigDecimal usd(double amount) {
		return plain(BigDecimal.valueOf(amount).setScale(6, RoundingMode.HALF_UP));
	}

}
