package io.autorenew.crypto;

import java.time.Duration;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Looks for keys not under {@code KEY_ENCRYPTION_KEY} {@link #AFTER_START} after start-up and
 * then every {@code KEY_REENCRYPTION_INTERVAL}, and re-encrypts them (one replica at a time).
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class KeyReencryptionScheduleConfiguration implements SchedulingConfigurer {

	static final Duration AFTER_START = Duration.ofSeconds(10);

	private final KeyReencryption reencryption;

	private final KeyEncryptionProperties properties;

	KeyReencryptionScheduleConfiguration(KeyReencryption reencryption, KeyEncryptionProperties properties) {
		this.reencryption = reencryption;
		this.properties = properties;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(new FixedDelayTask(this.reencryption::runQuietly,
				this.properties.reencryptInterval(), AFTER_START));
	}

}
