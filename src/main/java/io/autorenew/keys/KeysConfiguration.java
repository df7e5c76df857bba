package io.autorenew.keys;

import java.time.Clock;
import java.time.Duration;

import io.autorenew.openrouter.OpenRouterClient;
import io.autorenew.openrouter.OpenRouterErrors;
import io.autorenew.openrouter.OpenRouterHttp;
import io.autorenew.openrouter.OpenRouterProperties;
import io.autorenew.openrouter.OpenRouterTimeoutException;
import io.autorenew.openrouter.OpenRouterUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.retry.support.RetryTemplate;
import org.springframework.web.client.RestClient;

/** Wires key provisioning, the key store and the renewal layer. */
@Configuration(proxyBeanMethods = false)
class KeysConfiguration {

	private static final Logger log = LoggerFactory.getLogger(KeysConfiguration.class);

	@Bean
	KeyProvisioningClient keyProvisioningClient(RestClient.Builder builder, OpenRouterProperties openRouter,
			KeyProvisioningProperties properties, OpenRouterErrors errors) {
		RestClient http = OpenRouterHttp.client(builder, openRouter, properties.connectTimeout(),
				properties.readTimeout());
		RetryTemplate deleteRetry = RetryTemplate.builder()
			.maxAttempts(3)
			.exponentialBackoff(Duration.ofMillis(100), 2.0, Duration.ofSeconds(1), true)
			.retryOn(OpenRouterUnavailableException.class)
			.retryOn(OpenRouterTimeoutException.class)
			.traversingCauses()
			.build();
		KeyProvisioningClient client = new KeyProvisioningClient(http, errors, properties, deleteRetry);
		if (!client.isConfigured()) {
			log.warn("OPENROUTER_PROVISIONING_KEY is not set: users without a key get 503 "
					+ "provisioning_not_configured until it is");
		}
		return client;
	}

	@Bean
	UserKeyRepository userKeyRepository(MongoOperations mongo) {
		UserKeyRepository repository = new UserKeyRepository(mongo);
		repository.ensureIndexes();
		return repository;
	}

	@Bean
	KeyRenewer keyRenewer(UserKeyRepository keys, KeyProvisioningClient provisioning,
			KeyProvisioningProperties properties, Clock clock) {
		Duration maxWait = properties.connectTimeout().plus(properties.readTimeout()).multipliedBy(2);
		return new KeyRenewer(keys, provisioning, new SingleFlight(maxWait), clock);
	}

	@Bean
	KeyRenewingOpenRouterClient keyRenewingOpenRouterClient(OpenRouterClient openRouter, KeyRenewer renewer) {
		return new KeyRenewingOpenRouterClient(openRouter, renewer);
	}

}
