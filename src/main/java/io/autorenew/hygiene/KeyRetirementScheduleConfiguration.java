package io.autorenew.hygiene;

import java.time.Duration;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Deletes superseded keys whose grace period is over, every {@link #EVERY} on every
 * instance, so a key outlives its grace by at most that.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class KeyRetirementScheduleConfiguration implements SchedulingConfigurer {

	static final Duration EVERY = Duration.ofSeconds(10);

	private final KeyRetirer retirer;

	KeyRetirementScheduleConfiguration(KeyRetirer retirer) {
		this.retirer = retirer;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(new FixedDelayTask(this.retirer::retireQuietly, EVERY, EVERY));
	}

}
