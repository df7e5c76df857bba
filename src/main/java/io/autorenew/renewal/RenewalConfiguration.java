package io.autorenew.renewal;

import java.time.Clock;
import java.time.Duration;

import io.autorenew.hygiene.PendingDeletes;
import io.autorenew.keys.KeyMetrics;
import io.autorenew.keys.KeyPolicyProperties;
import io.autorenew.keys.KeyProvisioner;
import io.autorenew.keys.KeyStore;
import io.autorenew.keys.audit.KeyEventRepository;
import io.autorenew.money.Budgets;
import io.autorenew.money.MintCaps;
import io.autorenew.money.Suspensions;
import io.autorenew.openrouter.KeyProvisioningProperties;
import io.autorenew.openrouter.OpenRouterClient;
import io.autorenew.store.InstanceId;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/** Wires the renewal engine, the gate every call to OpenRouter goes through, and the key status. */
@Configuration(proxyBeanMethods = false)
class RenewalConfiguration {

	@Bean
	KeyReplacement keyReplacement(KeyStore keys, KeyProvisioner provisioning, KeyEventRepository events,
			KeyMetrics metrics, Clock clock, PendingDeletes pending, KeyPolicyProperties policy, MintCaps caps,
			Budgets budgets) {
		return new KeyReplacement(keys, provisioning, events, metrics, clock, pending, policy.grace(), caps, budgets);
	}

	@Bean
	ThreadPoolTaskExecutor keyRenewalExecutor() {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setThreadNamePrefix("key-renewal-");
		executor.setCorePoolSize(2);
		executor.setMaxPoolSize(2);
		executor.setQueueCapacity(10_000);
		executor.setWaitForTasksToCompleteOnShutdown(true);
		executor.setAwaitTerminationSeconds(10);
		return executor;
	}

	@Bean
	KeyCache keyCache(KeyPolicyProperties policy) {
		return new KeyCache(policy.cacheSize());
	}

	/**
	 * The claims that make one instance of a fleet mint for a user. On the embedded store, which
	 * serves this one process, there is no fleet: the claims stay in memory
	 * ({@link ProcessKeyClaims}), at no store operation per renewal. Decided here at run time,
	 * not by a condition, which a Spring AOT build would fix when it is built.
	 */
	@Bean
	KeyClaims keyClaims(MongoOperations mongo, Clock clock, InstanceId instance, ClaimProperties claims,
			Environment environment) {
		if (environment.getProperty("store.mongodb-uri", "").isBlank()) {
			return new ProcessKeyClaims(clock);
		}
		return new MongoKeyClaims(mongo, clock, instance.value(), claims.lease());
	}

	/** Platform threads for renewals' critical paths: at most 16 at once, beyond that on the caller's thread. */
	@Bean
	RenewalThreads renewalThreads() {
		return new RenewalThreads(16);
	}

	@Bean
	KeyRenewer keyRenewer(KeyStore keys, KeyReplacement replacement, KeyCache cache, KeyMetrics metrics,
			KeyProvisioningProperties provisioning, KeyPolicyProperties policy, Clock clock,
			ThreadPoolTaskExecutor keyRenewalExecutor, KeyClaims keyClaims, ClaimProperties claims,
			RenewalThreads renewalThreads) {
		Duration maxWait = provisioning.connectTimeout()
			.plus(provisioning.readTimeout())
			.multipliedBy(2)
			.plus(claims.maxWait());
		return new KeyRenewer(keys, replacement, new SingleFlight(maxWait),
				new ClaimedMint(keyClaims, keys, metrics, clock, claims.maxWait()), cache, metrics, clock,
				policy.renewBefore(), keyRenewalExecutor, renewalThreads);
	}

	@Bean
	OpenRouterGate openRouterGate(OpenRouterClient openRouter, KeyRenewer renewer, Suspensions suspensions,
			Budgets budgets) {
		return new OpenRouterGate(openRouter, renewer, suspensions, budgets);
	}

	@Bean
	KeyStatusService keyStatusService(KeyStore keys, KeyEventRepository events, OpenRouterClient openRouter,
			KeyPolicyProperties policy, Budgets budgets) {
		return new KeyStatusService(keys, events, openRouter, policy.statusCacheTtl(), budgets);
	}

}
