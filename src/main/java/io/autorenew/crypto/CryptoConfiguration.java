package io.autorenew.crypto;

import java.time.Clock;

import io.autorenew.store.InstanceId;
import io.autorenew.store.ServiceLease;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoOperations;

/** Wires the cipher of stored keys and the re-encryption under a new {@code KEY_ENCRYPTION_KEY}. */
@Configuration(proxyBeanMethods = false)
class CryptoConfiguration {

	@Bean
	KeyCipher keyCipher(KeyEncryptionProperties properties) {
		return new KeyCipher(properties);
	}

	@Bean
	KeyReencryption keyReencryption(MongoOperations mongo, SealedKeys keys, KeyCipher cipher, Clock clock,
			InstanceId instance, KeyEncryptionProperties properties, MeterRegistry registry) {
		return new KeyReencryption(mongo, keys, cipher, new ServiceLease(mongo, clock, instance.value()), clock,
				properties.reencryptBatchSize(), properties.reencryptInterval(), registry);
	}

}
