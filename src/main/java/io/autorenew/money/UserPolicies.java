package io.autorenew.money;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What bounds one user's money, one record per user: their budget and this period's spend
 * ({@link Budgets}) and their suspension ({@link Suspensions}). {@link MongoUserPolicies} keeps it
 * in {@code user_policies}.
 */
interface UserPolicies {

	/** The user's policy, if anything was ever stored for them. */
	Optional<UserPolicy> find(String userId);

	/**
	 * The user's policy for the period that began at {@code start}: when the stored period is
	 * older (or none), the period is set to it and the older period's spend dropped first.
	 */
	UserPolicy inPeriod(String userId, Instant start);

	/** Sets the user's budget; {@code null}: back to the default. */
	void setBudget(String userId, BigDecimal budgetUsd);

	/**
	 * Records what one retired key of the user spent this period (again: overwrites, never adds
	 * twice), and answers the user's policy as it is after: one round trip, on the renewal's
	 * path before the mint.
	 */
	UserPolicy carry(String userId, String keyHash, BigDecimal spentUsd);

	/**
	 * As {@link #carry}, but only into the period that began at {@code start} or later: empty,
	 * and nothing recorded, when the stored period is older or there is none (then
	 * {@link #inPeriod} first). One round trip where {@link #inPeriod} and {@link #carry} take
	 * two, on the renewal's path before the mint.
	 */
	Optional<UserPolicy> carryInPeriod(String userId, Instant start, String keyHash, BigDecimal spentUsd);

	/** Records the user's live key and the limit it was given. */
	void liveKey(String userId, String keyHash, BigDecimal limitUsd);

	/** Every stored policy. */
	List<UserPolicy> all();

	/** The policies with a live key whose period began before {@code start}. */
	List<UserPolicy> liveKeysBefore(Instant start);

	/** Marks the user suspended; {@code false} if they already were. */
	boolean suspend(String userId, Instant at, String by);

	/** Lifts the user's suspension; {@code false} if they were not suspended. */
	boolean resume(String userId);

	/** The ids of every suspended user. */
	Set<String> suspendedUsers();

	/**
	 * One user's policy.
	 *
	 * @param userId the user
	 * @param budgetUsd an operator's budget, or {@code null} for the default
	 * @param periodStart when the period of {@code spentByKey} began, or {@code null}
	 * @param spentByKey what each retired key spent this period, by key hash
	 * @param keyHash the live key, or {@code null}
	 * @param keyLimitUsd the limit the live key was given, or {@code null}
	 * @param suspendedAt since when the user is suspended, or {@code null}
	 */
	record UserPolicy(String userId, BigDecimal budgetUsd, Instant periodStart, Map<String, BigDecimal> spentByKey,
			String keyHash, BigDecimal keyLimitUsd, Instant suspendedAt) {

		static UserPolicy empty(String userId) {
			return new UserPolicy(userId, null, null, Map.of(), null, null, null);
		}

		/** This policy as a carry of what the retired key {@code retiredHash} spent leaves it. */
		UserPolicy withSpent(String retiredHash, BigDecimal spentUsd) {
			Map<String, BigDecimal> spent = new HashMap<>(this.spentByKey);
			spent.put(retiredHash, spentUsd);
			return new UserPolicy(this.userId, this.budgetUsd, this.periodStart, Map.copyOf(spent), this.keyHash,
					this.keyLimitUsd, this.suspendedAt);
		}

		/** What the user's retired keys spent this period. */
		BigDecimal spent() {
			return this.spentByKey.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
		}

		boolean suspended() {
			return this.suspendedAt != null;
		}

	}

}
