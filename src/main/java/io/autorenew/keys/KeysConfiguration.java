package io.autorenew.keys;

import java.time.Clock;

import io.autorenew.crypto.KeyCipher;
import io.autorenew.keys.audit.KeyEventRepository;
import io.autorenew.openrouter.KeyProvisioningClient;
import io.autorenew.store.InstanceId;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoOperations;

/** Wires what a user's key is: its name, how OpenRouter mints it, where it is stored and its audit trail. */
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

}
