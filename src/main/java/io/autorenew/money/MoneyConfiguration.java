package io.autorenew.money;

import java.time.Clock;

import io.autorenew.StoreBackground;
import io.autorenew.alerts.Alerts;
import io.autorenew.keys.KeyPolicyProperties;
import io.autorenew.keys.KeyProvisioner;
import io.autorenew.keys.KeyStore;
import io.autorenew.keys.audit.KeyEventRepository;
import io.autorenew.openrouter.KeyProvisioningProperties;
import io.autorenew.store.InstanceId;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.mongodb.core.MongoOperations;

/** Wires what bounds the money: budgets, suspensions and the caps on minting. */
@Configuration(proxyBeanMethods = false)
class MoneyConfiguration {

	@Bean
	MintCaps mintCaps(CapProperties caps, ObjectProvider<ProxyManager<String>> sharedBuckets, Clock clock,
			KeyEventRepository events, KeyStore keys, KeyPolicyProperties policy,
			KeyProvisioningProperties provisioning, MeterRegistry registry, MongoOperations mongo, Alerts alerts) {
		return new MintCaps(caps, sharedBuckets.getIfAvailable(), clock, events,
				new MongoLimitReservations(mongo, keys::count, clock), policy.limitUsd(), provisioning.retryAfter(),
				registry, alerts::capRefusing);
	}

	@Bean
	MongoUserPolicies userPolicies(MongoOperations mongo) {
		MongoUserPolicies policies = new MongoUserPolicies(mongo);
		policies.ensureIndexes();
		return policies;
	}

	@Bean
	Budgets budgets(UserPolicies policies, KeyProvisioner provisioning, KeyPolicyProperties policy, Clock clock) {
		return new Budgets(policies, provisioning, policy.limitUsd(), BudgetPeriod.of(policy.limitReset()), clock);
	}

	@Bean
	UserBudgets userBudgets(Budgets budgets, KeyStore keys, KeyEventRepository events) {
		return new UserBudgets(budgets, keys, events);
	}

	/**
	 * The mint pause replicas share, on a MongoDB they can share. The embedded store serves one
	 * process, whose breaker is the whole fleet's: the method returns {@code null}, no bean, and
	 * the breaker pauses alone, with no store read before each mint. Decided at run time, not by a
	 * condition, which a Spring AOT build would fix when it is built.
	 */
	@Bean
	MongoMintPause fleetMintPause(MongoOperations mongo, Clock clock, InstanceId instance, Environment environment) {
		if (environment.getProperty("store.mongodb-uri", "").isBlank()) {
			return null;
		}
		return new MongoMintPause(mongo, clock, instance.value());
	}

	@Bean
	CachedSuspensions suspensions(UserPolicies policies, Clock clock, InstanceId instance) {
		return new CachedSuspensions(policies, clock, instance.value(), StoreBackground.executor());
	}

	@Bean
	UserSuspension userSuspension(Suspensions suspensions, KeyStore keys, KeyProvisioner provisioning,
			KeyEventRepository events, Alerts alerts) {
		return new UserSuspension(suspensions, keys, provisioning, events, alerts);
	}

}
