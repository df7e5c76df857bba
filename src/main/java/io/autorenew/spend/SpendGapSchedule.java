package io.autorenew.spend;

import java.time.Duration;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/** Compares the ledger with OpenRouter ({@link SpendGap}) a minute after start-up and then every 15 minutes. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SpendGapSchedule implements SchedulingConfigurer {

	static final Duration EVERY = Duration.ofMinutes(15);

	static final Duration AFTER_START = Duration.ofMinutes(1);

	private final SpendGap gap;

	SpendGapSchedule(SpendGap gap) {
		this.gap = gap;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(new FixedDelayTask(this.gap::check, EVERY, AFTER_START));
	}

}
