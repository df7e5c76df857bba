package io.autorenew.money;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * What bounds every user's money, read in one pass: for a list of users.
 *
 * @param period the budget period now
 * @param defaultBudgetUsd the budget of a user an operator set none for ({@code OPENROUTER_KEY_LIMIT_USD})
 * @param users each user with a stored policy, by id; a user without one has the default budget and is not
 * suspended
 */
public record Everyone(Period period, BigDecimal defaultBudgetUsd, Map<String, UserMoney> users) {

	/** The user's budget and suspension: the stored ones, or the defaults. */
	public UserMoney of(String userId) {
		UserMoney stored = this.users.get(userId);
		return (stored != null) ? stored : new UserMoney(userId, this.defaultBudgetUsd, false);
	}

	/**
	 * A budget period.
	 *
	 * @param name {@code daily}, {@code weekly}, {@code monthly} or {@code none}
	 * @param start when it began (the epoch for {@code none})
	 * @param endsAt when it ends, or {@code null} for {@code none}
	 */
	public record Period(String name, Instant start, Instant endsAt) {
	}

	/**
	 * One user's money as stored.
	 *
	 * @param userId the user
	 * @param limitUsd their budget per period
	 * @param suspended whether an operator suspended them
	 */
	public record UserMoney(String userId, BigDecimal limitUsd, boolean suspended) {
	}

}
