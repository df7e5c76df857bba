package io.autorenew.hygiene;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.scheduling.config.ScheduledTaskRegistrar;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code OPENROUTER_RECONCILE_ENABLED} decides whether the reconciler's pass is scheduled. */
class ReconcilerScheduleConfigurationTests {

	@Test
	void enabledSchedulesOnePassEveryInterval() {
		ScheduledTaskRegistrar registrar = configure(true);

		assertThat(registrar.getFixedDelayTaskList()).singleElement().satisfies((task) -> {
			assertThat(task.getIntervalDuration()).isEqualTo(Duration.ofHours(1));
			assertThat(task.getInitialDelayDuration()).isEqualTo(Duration.ofSeconds(10));
		});
	}

	@Test
	void disabledSchedulesNothing() {
		assertThat(configure(false).getFixedDelayTaskList()).isEmpty();
	}

	/** The reconciler and budgets are only called by the scheduled pass, which these tests never run. */
	private static ScheduledTaskRegistrar configure(boolean enabled) {
		ScheduledTaskRegistrar registrar = new ScheduledTaskRegistrar();
		new ReconcilerScheduleConfiguration(null,
				new ReconcilerProperties(enabled, Duration.ofHours(1), Duration.ofSeconds(10), Duration.ofMinutes(15)), null)
			.configureTasks(registrar);
		return registrar;
	}

}
