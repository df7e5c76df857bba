package io.autorenew.money;

import java.math.BigDecimal;

import io.autorenew.keys.KeyStore;
import io.autorenew.keys.audit.KeyEventLog;
import io.autorenew.keys.audit.KeyEventType;

/**
 * An operator's view and setting of one user's budget (see {@link Budgets}). Setting it is
 * audited; reading it writes nothing.
 */
public final class UserBudgets {

	private final Budgets budgets;

	private final KeyStore keys;

	private final KeyEventLog events;

	UserBudgets(Budgets budgets, KeyStore keys, KeyEventLog events) {
		this.budgets = budgets;
		this.keys = keys;
		this.events = events;
	}

	/**
	 * Every user's budget and suspension as stored, and this period, read in one pass (no call
	 * to OpenRouter): what a list of users shows beside what the spend ledger says they spent.
	 */
	public Everyone everyone() {
		return this.budgets.everyone();
	}

	/** One user's budget and suspension as stored, and this period (no call to OpenRouter): {@code everyone()} for one. */
	public Everyone one(String userId) {
		return this.budgets.one(userId);
	}

	/** The user's budget this period: what it is, what was spent, what is left. */
	public Budget budget(String userId) {
		return this.budgets.view(userId, this.keys.find(userId).orElse(null));
	}

	/**
	 * Sets the user's budget ({@code null}: back to {@code OPENROUTER_KEY_LIMIT_USD}) and the live
	 * key's limit to what is left of it this period.
	 */
	public Budget set(String userId, BigDecimal limitUsd) {
		Budget budget = this.budgets.set(userId, limitUsd, this.keys.find(userId).orElse(null));
		this.events.record(userId, KeyEventType.BUDGET_SET, (limitUsd != null) ? "operator" : "default", null, null);
		return budget;
	}

}
