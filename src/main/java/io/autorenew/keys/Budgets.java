package io.autorenew.keys;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.autorenew.openrouter.KeyProvisioningClient.KeyDetails;
import io.autorenew.openrouter.ProvisioningUnavailableException;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.data.mongodb.core.MongoOperations;

/**
 * Users' budgets: {@code OPENROUTER_KEY_LIMIT_USD} per {@code OPENROUTER_KEY_LIMIT_RESET}, or
 * what an admin set, kept whole across renewals. Before a key is replaced its spend this period
 * is read from OpenRouter ({@code GET /keys/{hash}}) and carried: the new key's limit is the
 * budget minus what the user's keys of this period spent. Kept in {@code user_policies} beside
 * the suspension: {@code budget_usd} (an admin's, absent for the default), {@code period_start},
 * {@code spent_by_key} (retired key hash to USD, this period; re-reading a key overwrites its
 * entry, so a retried renewal never counts twice), {@code key_hash} and {@code key_limit_usd}
 * (the live key and the limit it has).
 */
final class Budgets implements KeyLimits {

	private static final Logger log = LoggerFactory.getLogger(Budgets.class);

	static final String COLLECTION = MongoSuspensions.COLLECTION;

	private static final String BUDGET = "budget_usd";

	private static final String PERIOD_START = "period_start";

	private static final String SPENT_BY_KEY = "spent_by_key";

	private static final String KEY_HASH = "key_hash";

	private static final String KEY_LIMIT = "key_limit_usd";

	private final MongoOperations mongo;

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

	Budgets(MongoOperations mongo, KeyProvisioner provisioning, BigDecimal defaultBudget, BudgetPeriod period,
			Clock clock) {
		this.mongo = mongo;
		this.provisioning = provisioning;
		this.defaultBudget = defaultBudget;
		this.period = period;
		this.clock = clock;
		this.restoreAt = Caffeine.newBuilder()
			.refreshAfterWrite(Duration.ofMinutes(1))
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

	/** Which key of a user has a lowered limit, and until when. */
	private record Lowered(String keyHash, Optional<Instant> until) {

		static final Lowered NONE = new Lowered(null, Optional.empty());

		Optional<Instant> of(String keyHash) {
			return keyHash.equals(this.keyHash) ? this.until : Optional.empty();
		}

	}

	@Override
	public BigDecimal forNextKey(String userId, UserKey retiring) {
		Instant now = this.clock.instant();
		Instant start = this.period.start(now);
		State state = load(userId, start);
		BigDecimal budget = state.budget(this.defaultBudget);
		if (retiring != null) {
			Optional<KeyDetails> details = read(retiring.keyHash());
			BigDecimal spent;
			if (details.isPresent()) {
				spent = usd(this.period.usage(details.get()));
			}
			else {
				BigDecimal lastKnown = retiring.keyHash().equals(state.keyHash()) && state.keyLimit() != null
						? state.keyLimit() : budget.subtract(state.spent());
				BigDecimal left = budget.subtract(state.spent()).min(lastKnown).max(BigDecimal.ZERO);
				spent = budget.subtract(state.spent()).subtract(left).max(BigDecimal.ZERO);
				log.warn("[Auto-Renewal] Could not read the spend of key {} of user {}: its successor gets no more "
						+ "than the last known remainder", retiring.label(), userId);
			}
			carry(userId, start, retiring.keyHash(), spent);
			state = load(userId, start);
		}
		BigDecimal remaining = budget.subtract(state.spent());
		if (remaining.signum() <= 0) {
			throw new BudgetExhaustedException(userId, this.period.end(now), now);
		}
		return remaining;
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
		details.ifPresent((key) -> carry(userId, start, keyHash, usd(this.period.usage(key))));
	}

	@Override
	public void minted(String userId, String keyHash, BigDecimal limitUsd) {
		this.mongo.execute(COLLECTION, (collection) -> collection.updateOne(Filters.eq("_id", userId),
				Updates.combine(Updates.set(KEY_HASH, keyHash), Updates.set(KEY_LIMIT, limitUsd.doubleValue())),
				new UpdateOptions().upsert(true)));
		this.restoreAt.invalidate(userId);
	}

	/** The 402 for a user whose key's limit OpenRouter says is reached. */
	BudgetExhaustedException exhausted(String userId) {
		Instant now = this.clock.instant();
		return new BudgetExhaustedException(userId, this.period.end(now), now);
	}

	/** The end of the current period, or {@code null} if it never ends. */
	Instant periodEnd() {
		return this.period.end(this.clock.instant());
	}

	/** What the live key spent this period, as its {@code GET /key} said. */
	Optional<BigDecimal> periodSpend(io.autorenew.openrouter.OpenRouterClient.KeyUsage usage) {
		Double spent = switch (this.period) {
			case DAILY -> usage.usageDaily();
			case WEEKLY -> usage.usageWeekly();
			case MONTHLY -> usage.usageMonthly();
			case NONE -> usage.usage();
		};
		return Optional.ofNullable(spent).map(Budgets::usd);
	}

	/** The user's budget and spend this period; the live key's spend is read from OpenRouter. */
	Budget view(String userId, UserKey live) {
		return view(userId,
				(live != null) ? read(live.keyHash()).map((key) -> usd(this.period.usage(key))) : Optional.empty());
	}

	/** The user's budget and spend this period, given what the live key spent. */
	Budget view(String userId, Optional<BigDecimal> liveSpent) {
		Instant now = this.clock.instant();
		State state = load(userId, this.period.start(now));
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
		this.mongo.execute(COLLECTION, (collection) -> collection.updateOne(Filters.eq("_id", userId),
				(budgetUsd != null) ? Updates.set(BUDGET, budgetUsd.doubleValue()) : Updates.unset(BUDGET),
				new UpdateOptions().upsert(true)));
		if (live != null) {
			State state = state(userId);
			BigDecimal limit = state.budget(this.defaultBudget).subtract(state.spent()).max(BigDecimal.ZERO);
			this.provisioning.setLimit(live.keyHash(), limit);
			minted(userId, live.keyHash(), limit);
		}
		return view(userId, live);
	}

	/**
	 * At the first request of a new period: a live key whose limit was lowered by a carried spend
	 * gets the full budget back ({@code PATCH /keys/{hash}}). Answers from memory almost always.
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
		for (Document policy : this.mongo.execute(COLLECTION, (collection) -> collection
			.find(Filters.and(Filters.exists(KEY_HASH), Filters.lt(PERIOD_START, Date.from(start))))
			.into(new java.util.ArrayList<>()))) {
			if (restore(policy.getString("_id"), policy.getString(KEY_HASH), now)) {
				restored++;
			}
		}
		return restored;
	}

	private boolean restore(String userId, String keyHash, Instant now) {
		Instant start = this.period.start(now);
		State state = load(userId, start);
		BigDecimal budget = state.budget(this.defaultBudget);
		if (!keyHash.equals(state.keyHash()) || state.keyLimit() == null || state.keyLimit().compareTo(budget) >= 0) {
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
		minted(userId, keyHash, budget);
		this.restoreAt.put(userId, Lowered.NONE);
		log.info("[Auto-Renewal] A new {} period began: key of user {} has its full budget of {} USD again",
				this.period.value(), userId, budget);
		return true;
	}

	private Lowered lowered(String userId) {
		Document policy = document(userId);
		if (policy == null || policy.getString(KEY_HASH) == null || policy.get(KEY_LIMIT) == null) {
			return Lowered.NONE;
		}
		Date start = policy.getDate(PERIOD_START);
		if (start == null) {
			return Lowered.NONE;
		}
		return new Lowered(policy.getString(KEY_HASH), Optional.ofNullable(this.period.end(start.toInstant())));
	}

	private void carry(String userId, Instant start, String keyHash, BigDecimal spent) {
		this.mongo.execute(COLLECTION, (collection) -> collection.updateOne(Filters.eq("_id", userId),
				Updates.set(SPENT_BY_KEY + "." + keyHash, spent.doubleValue()), new UpdateOptions().upsert(true)));
	}

	private Optional<KeyDetails> read(String keyHash) {
		try {
			return this.provisioning.describe(keyHash);
		}
		catch (ProvisioningUnavailableException ex) {
			return Optional.empty();
		}
	}

	private State state(String userId) {
		return load(userId, this.period.start(this.clock.instant()));
	}

	/** The user's state for the period that began at {@code start}; an older period's spend is dropped. */
	private State load(String userId, Instant start) {
		Document policy = document(userId);
		Date stored = (policy != null) ? policy.getDate(PERIOD_START) : null;
		if (stored == null || stored.toInstant().isBefore(start)) {
			this.mongo.execute(COLLECTION, (collection) -> collection.updateOne(Filters.eq("_id", userId),
					Updates.combine(Updates.set(PERIOD_START, Date.from(start)), Updates.unset(SPENT_BY_KEY)),
					new UpdateOptions().upsert(true)));
			policy = document(userId);
		}
		return State.of(policy);
	}

	private Document document(String userId) {
		return this.mongo.execute(COLLECTION, (collection) -> collection.find(Filters.eq("_id", userId)).first());
	}

	/** The amount without trailing zeros, and never in exponent form (10, not 1E+1). */
	private static BigDecimal plain(BigDecimal amount) {
		BigDecimal stripped = amount.stripTrailingZeros();
		return (stripped.scale() < 0) ? stripped.setScale(0) : stripped;
	}

	private static BigDecimal usd(double amount) {
		return plain(BigDecimal.valueOf(amount).setScale(6, RoundingMode.HALF_UP));
	}

	/** One user's stored budget state. */
	private record State(BigDecimal customBudget, BigDecimal spent, String keyHash, BigDecimal keyLimit) {

		static State of(Document policy) {
			BigDecimal spent = BigDecimal.ZERO;
			Document byKey = policy.get(SPENT_BY_KEY, Document.class);
			if (byKey != null) {
				for (Map.Entry<String, Object> entry : byKey.entrySet()) {
					spent = spent.add(decimal(entry.getValue()));
				}
			}
			return new State(decimal(policy.get(BUDGET)), spent, policy.getString(KEY_HASH),
					decimal(policy.get(KEY_LIMIT)));
		}

		BigDecimal budget(BigDecimal fallback) {
			return (this.customBudget != null) ? this.customBudget : fallback;
		}

		boolean custom() {
			return this.customBudget != null;
		}

		private static BigDecimal decimal(Object value) {
			if (value == null) {
				return null;
			}
			if (value instanceof org.bson.types.Decimal128 decimal) {
				return decimal.bigDecimalValue();
			}
			if (value instanceof Number number) {
				return new BigDecimal(number.toString());
			}
			return new BigDecimal(value.toString());
		}

	}

}
