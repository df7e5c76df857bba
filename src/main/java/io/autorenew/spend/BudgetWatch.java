package io.autorenew.spend;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;

import io.autorenew.alerts.Alerts;
import io.autorenew.money.Everyone;
import io.autorenew.money.UserBudgets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After the ledger's writer stores a batch, compares each of its users' spend this period (the
 * ledger's daily totals) with their budget, and raises the operators' alert at 80 % and at
 * 100 % ({@link Alerts} sends each once per user, period and threshold).
 */
final class BudgetWatch {

	/** The shares of a budget that raise an alert, in percent. */
	static final List<Integer> THRESHOLDS = List.of(80, 100);

	private static final Logger log = LoggerFactory.getLogger(BudgetWatch.class);

	private final SpendReport report;

	private final UserBudgets budgets;

	private final Alerts alerts;

	private final Clock clock;

	BudgetWatch(SpendReport report, UserBudgets budgets, Alerts alerts, Clock clock) {
		this.report = report;
		this.budgets = budgets;
		this.alerts = alerts;
		this.clock = clock;
	}

	/** Checks the users whose entries were just written; a failure is logged, the next batch checks again. */
	void check(Collection<String> users) {
		for (String userId : users) {
			try {
				checkOne(userId);
			}
			catch (RuntimeException ex) {
				log.warn("The budget of user {} could not be compared with their spend: {}", userId, ex.toString());
			}
		}
	}

	private void checkOne(String userId) {
		Everyone one = this.budgets.one(userId);
		BigDecimal budget = one.of(userId).limitUsd();
		if (budget.signum() <= 0) {
			return;
		}
		LocalDate today = LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC);
		LocalDate start = LocalDate.ofInstant(one.period().start(), ZoneOffset.UTC);
		BigDecimal spent = this.report.spend(start, today, SpendGroup.user, userId)
			.stream()
			.map(SpendRow::costUsd)
			.reduce(BigDecimal.ZERO, BigDecimal::add);
		for (int percent : THRESHOLDS) {
			if (spent.multiply(BigDecimal.valueOf(100)).compareTo(budget.multiply(BigDecimal.valueOf(percent))) >= 0) {
				this.alerts.budgetReached(userId, one.period().start(), percent, spent, budget);
			}
		}
	}

}
