package io.autorenew.money;

import java.math.BigDecimal;
import java.time.Clock;

import io.autorenew.keys.KeyProvisioner;

import org.springframework.data.mongodb.core.MongoOperations;

/** Builds {@code money/}'s parts for the tests of the packages above it. */
public final class MoneyFixtures {

	private MoneyFixtures() {
	}

	/** Budgets kept in {@code user_policies} of {@code mongo}, with a period such as {@code monthly}. */
	public static Budgets budgets(MongoOperations mongo, KeyProvisioner provisioning, BigDecimal defaultBudget,
			String period, Clock clock) {
		return new Budgets(new MongoUserPolicies(mongo), provisioning, defaultBudget, BudgetPeriod.of(period), clock);
	}

	/** Budgets kept in memory, with a period such as {@code monthly}. */
	public static Budgets budgets(KeyProvisioner provisioning, BigDecimal defaultBudget, String period, Clock clock) {
		return new Budgets(new InMemoryUserPolicies(), provisioning, defaultBudget, BudgetPeriod.of(period), clock);
	}

}
