package io.autorenew.money;

import java.math.BigDecimal;

import io.autorenew.money.UserPolicies.UserPolicy;

/**
 * One user's stored budget state for a period ({@link Budgets}): their own budget if an
 * operator set one, what their retired keys spent, and the live key with the limit it was
 * minted with.
 */
record BudgetState(BigDecimal customBudget, BigDecimal spent, String keyHash, BigDecimal keyLimit) {

	static BudgetState of(UserPolicy policy) {
		return new BudgetState(policy.budgetUsd(), policy.spent(), policy.keyHash(), policy.keyLimitUsd());
	}

	BigDecimal budget(BigDecimal fallback) {
		return (this.customBudget != null) ? this.customBudget : fallback;
	}

	boolean custom() {
		return this.customBudget != null;
	}

}
