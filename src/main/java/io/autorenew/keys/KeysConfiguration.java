package io.autorenew.keys;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;

import io.autorenew.keys.audit.KeyEventRepository;
import io.autorenew.openrouter.KeyProvisioningClient;
import io.autorenew.openrouter.KeyProvisioningProperties;
import io.autorenew.openrouter.OpenRouterClient;
import io.micrometer.core.instrument.MeterRegistry;

import io.github.bucket4j.distributed.proxy.ProxyManager;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/** Wires key provisioning, the key store, the renewal engine and its audit trail. */
@Configuration(proxyBeanMethods = false)
class KeysConfiguration {

	@Bean
	KeyNames keyNames(KeyPolicyProperties policy) {
		return new KeyNames(policy.namePrefix());
	}

	@Bean
	OpenRouterKeyProvisioner openRouterKeyProvisioner(KeyProvisioningClient client, KeyPolicyProperties policy,
			Clock clock, KeyNames names) {
		return new OpenRouterKeyProvisioner(client, policy, clock, names);
	}

	@Bean
	KeyCipher keyCipher(KeyEncryptionProperties properties) {
		return new KeyCipher(properties);
	}

	@Bean
	UserKeyRepository userKeyRepository(MongoOperations mongo, KeyCipher cipher) {
		UserKeyRepository repository = new UserKeyRepository(mongo, cipher);
		repository.ensureIndexes();
		return repository;
	}

	@Bean
	KeyReencryption keyReencryption(MongoOperations mongo, KeyCipher cipher, Clock clock, InstanceId instance,
			KeyEncryptionProperties properties, MeterRegistry registry) {
		return new KeyReencryption(mongo, cipher, new ServiceLease(mongo, clock, instance.value()), clock,
				properties.reencryptBatchSize(), properties.reencryptInterval(), registry);
	}

	@Bean
	KeyEventRepository keyEventRepository(MongoOperations mongo, Clock clock, InstanceId instance) {
		KeyEventRepository events = new KeyEventRepository(mongo, clock, instance.value());
		events.ensureIndexes();
		return events;
	}

	@Bean
	KeyMetrics keyMetrics(MeterRegistry registry) {
		return new KeyMetrics(registry);
	}

	@Bean
	MongoPendingDeletes pendingDeletes(MongoOperations mongo, Clock clock, InstanceId instance) {
		return new MongoPendingDeletes(mongo, clock, instance.value());
	}

	@Bean
	MintCaps mintCaps(CapProperties caps, ObjectProvider<ProxyManager<String>> sharedBuckets, Clock clock,
			KeyEventRepository events, UserKeyRepository keys, KeyPolicyProperties policy,
			KeyProvisioningProperties provisioning, MeterRegistry registry, MongoOperations mongo) {
		return new MintCaps(caps, sharedBuckets.getIfAvailable(), clock, events,
				new MongoLimitReservations(mongo, keys::count, clock), policy.limitUsd(), provisioning.retryAfter(),
				registry);
	}

	@Bean
	Budgets budgets(MongoOperations mongo, KeyProvisioner provisioning, KeyPolicyProperties policy, Clock clock) {
		return new Budgets(mongo, provisioning, policy.limitUsd(), BudgetPeriod.of(policy.limitReset()), clock);
	}

	@Bean
	UserBudgets userBudgets(Budgets budgets, UserKeyRepository keys, KeyEventRepository events) {
		return new UserBudgets(budgets, keys, events);
	}

	@Bean
	KeyReplacement keyReplacement(UserKeyRepository keys, KeyProvisioner provisioning,
			KeyEventRepository events, KeyMetrics metrics, Clock clock, MongoPendingDeletes pending,
			KeyPolicyProperties policy, MintCaps caps, Budgets budgets) {
		return new KeyReplacement(keys, provisioning, events, metrics, clock, pending, policy.grace(), caps, budgets);
	}

	@Bean
	KeyRetirer keyRetirer(MongoPendingDeletes pending, UserKeyRepository keys, KeyProvisioner provisioning,
			KeyMetrics metrics, Clock clock) {
		return new KeyRetirer(pending, keys, provisioning, metrics, clock);
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

	@Bean
	MongoMintPause fleetMintPause(MongoOperations mongo, Clock clock, InstanceId instance) {
		return new MongoMintPause(mongo, clock, instance.value());
	}

	@Bean
	MongoKeyClaims keyClaims(MongoOperations mongo, Clock clock, InstanceId instance, ClaimProperties claims,
			org.springframework.core.env.Environment environment) {
		MongoKeyClaims keyClaims = new MongoKeyClaims(mongo, clock, instance.value(), claims.lease());
		if (environment.getProperty("store.mongodb-uri", "").isBlank()) {
			// The embedded store serves this one process: a claim in it was left by a crash of this service.
			keyClaims.clearLeftovers();
		}
		return keyClaims;
	}

	@Bean
	KeyRenewer keyRenewer(UserKeyRepository keys, KeyReplacement replacement, KeyCache cache, KeyMetrics metrics,
			KeyProvisioningProperties provisioning, KeyPolicyProperties policy, Clock clock,
			ThreadPoolTaskExecutor keyRenewalExecutor, MongoKeyClaims keyClaims, ClaimProperties claims) {
		Duration maxWait = provisioning.connectTimeout()
			.plus(provisioning.readTimeout())
			.multipliedBy(2)
			.plus(claims.maxWait());
		return new KeyRenewer(keys, replacement, new SingleFlight(maxWait),
				new ClaimedMint(keyClaims, keys, metrics, clock, claims.maxWait()), cache, metrics, clock,
				policy.renewBefore(), keyRenewalExecutor);
	}

	@Bean
	MongoSuspensions suspensions(MongoOperations mongo, Clock clock, InstanceId instance) {
		MongoSuspensions suspensions = new MongoSuspensions(mongo, clock, instance.value());
		suspensions.ensureIndexes();
		return suspensions;
	}

	@Bean
	KeyRenewingOpenRouterClient keyRenewingOpenRouterClient(OpenRouterClient openRouter, KeyRenewer renewer,
			MongoSuspensions suspensions, Budgets budgets) {
		return new KeyRenewingOpenRouterClient(openRouter, renewer, suspensions, budgets);
	}

	@Bean
	UserSuspension userSuspension(MongoSuspensions suspensions, UserKeyRepository keys, KeyProvisioner provisioning,
			KeyEventRepository events, KeyStatusService status) {
		return new UserSuspension(suspensions, keys, provisioning, events, status);
	}

	@Bean
	KeyStatusService keyStatusService(UserKeyRepository keys, KeyEventRepository events, OpenRouterClient openRouter,
			KeyPolicyProperties policy, Budgets budgets) {
		return new KeyStatusService(keys, events, openRouter, policy.statusCacheTtl(), budgets);
	}

	@Bean
	KeyReconciler keyReconciler(KeyProvisioner provisioning, UserKeyRepository keys, KeyEventRepository events,
			KeyMetrics metrics, MongoOperations mongo, Clock clock, InstanceId instance,
			ReconcilerProperties properties, KeyNames names, MongoPendingDeletes pending, MintCaps caps,
			Budgets budgets) {
		return new KeyReconciler(provisioning, keys, events, metrics, new ServiceLease(mongo, clock, instance.value()),
				clock, properties, names, pending, caps, budgets);
	}

	@Bean
	InstanceId instanceId(@Value("${instance.id:}") String configured) {
		return new InstanceId(configured.isBlank() ? ManagementFactory.getRuntimeMXBean().getName() : configured);
	}

	/** Which service instance did something, as recorded in audit events and leases. */
	record InstanceId(String value) {
	}

}
