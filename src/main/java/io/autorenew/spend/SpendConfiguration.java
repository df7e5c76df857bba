package io.autorenew.spend;

import java.time.Clock;

import io.autorenew.alerts.Alerts;
import io.autorenew.keys.KeyNames;
import io.autorenew.keys.KeyProvisioner;
import io.autorenew.money.UserBudgets;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoOperations;

/** Wires the spend ledger: its MongoDB collections and the writer in front of them. */
@Configuration(proxyBeanMethods = false)
class SpendConfiguration {

	@Bean
	MongoSpendLedger spendLedger(MongoOperations mongo, SpendProperties properties) {
		MongoSpendLedger ledger = new MongoSpendLedger(mongo);
		ledger.ensureCollections(properties.retention());
		return ledger;
	}

	@Bean
	SpendReport spendReport(MongoOperations mongo) {
		return new SpendReport(mongo);
	}

	@Bean
	SpendGap spendGap(KeyProvisioner provisioning, KeyNames names, SpendReport report, Clock clock,
			MeterRegistry registry) {
		return new SpendGap(provisioning, names, report, clock, registry);
	}

	@Bean
	Spend spend(SpendLedger ledger, Clock clock, MeterRegistry registry, SpendReport report, UserBudgets budgets,
			Alerts alerts) {
		BudgetWatch watch = new BudgetWatch(report, budgets, alerts, clock);
		return new Spend(ledger, clock, registry, watch::check);
	}

}
