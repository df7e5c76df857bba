package io.autorenew.keys;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;

import io.autorenew.openrouter.OpenRouterClient;
import io.autorenew.openrouter.OpenRouterErrors;
import io.autorenew.openrouter.OpenRouterHttp;
import io.autorenew.openrouter.OpenRouterTimeoutException;
import io.autorenew.openrouter.OpenRouterUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.retry.support.RetryTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.client.RestClient;

/** Wires key provisioning, the key store, the renewal engine and its audit trail. */
@Configuration(proxyBeanMethods = false)
class KeysConfiguration {

	private static final Logger log = LoggerFactory.getLogger(KeysConfiguration.class);

	@Bean
	KeyProvisioningClient keyProvisioningClient(OpenRouterHttp clients, KeyProvisioningProperties properties,
			KeyPolicyProperties policy, OpenRouterErrors errors, Clock clock) {
		RestClient http = clients.client(properties.connectTimeout(), properties.readTimeout());
		RetryTemplate idempotentRetry = RetryTemplate.builder()
			.maxAttempts(3)
			.exponentialBackoff(Duration.ofMillis(100), 2.0, Duration.ofSeconds(1), true)
			.retryOn(OpenRouterUnavailableException.class)
			.retryOn(OpenRouterTimeoutException.class)
			.traversingCauses()
			.build();
		ProvisioningCircuit circuit = new ProvisioningCircuit(properties.failureThreshold(), properties.coolDown(),
				properties.maxCoolDown(), clock);
		KeyProvisioningClient client = new KeyProvisioningClient(http, errors, properties, policy, idempotentRetry,
				circuit, clock);
		if (!client.isConfigured()) {
			log.warn("OPENROUTER_PROVISIONING_KEY is not set: users without a key get 503 "
					+ "provisioning_not_configured until it is");
		}
		return client;
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
	KeyReplacement keyReplacement(UserKeyRepository keys, KeyProvisioningClient provisioning,
			KeyEventRepository events, KeyMetrics metrics, Clock clock) {
		return new KeyReplacement(keys, provisioning, events, metrics, clock);
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
	KeyRenewer keyRenewer(UserKeyRepository keys, KeyReplacement replacement, KeyCache cache, KeyMetrics metrics,
			KeyProvisioningProperties provisioning, KeyPolicyProperties policy, Clock clock,
			ThreadPoolTaskExecutor keyRenewalExecutor) {
		Duration maxWait = provisioning.connectTimeout().plus(provisioning.readTimeout()).multipliedBy(2);
		return new KeyRenewer(keys, replacement, new SingleFlight(maxWait), cache, metrics, clock,
				policy.renewBefore(), keyRenewalExecutor);
	}

	@Bean
	KeyRenewingOpenRouterClient keyRenewingOpenRouterClient(OpenRouterClient openRouter, KeyRenewer renewer) {
		return new KeyRenewingOpenRouterClient(openRouter, renewer);
	}

	@Bean
	KeyStatusService keyStatusService(UserKeyRepository keys, KeyEventRepository events, OpenRouterClient openRouter,
			KeyPolicyProperties policy) {
		return new KeyStatusService(keys, events, openRouter, policy.statusCacheTtl());
	}

	@Bean
	KeyReconciler keyReconciler(KeyProvisioningClient provisioning, UserKeyRepository keys, KeyEventRepository events,
			KeyMetrics metrics, MongoOperations mongo, Clock clock, InstanceId instance,
			ReconcilerProperties properties) {
		return new KeyReconciler(provisioning, keys, events, metrics, new ServiceLease(mongo, clock, instance.value()),
				clock, properties);
	}

	@Bean
	ProvisioningHealthIndicator provisioningHealthIndicator(KeyProvisioningClient provisioning) {
		return new ProvisioningHealthIndicator(provisioning);
	}

	@Bean
	InstanceId instanceId(@Value("${instance.id:}") String configured) {
		return new InstanceId(configured.isBlank() ? ManagementFactory.getRuntimeMXBean().getName() : configured);
	}

	/** Which service instance did something, as recorded in audit events and leases. */
	record InstanceId(String value) {
	}

}
