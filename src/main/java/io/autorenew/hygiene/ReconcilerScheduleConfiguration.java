package io.autorenew.hygiene;

import io.autorenew.money.Budgets;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Runs the orphan reconciler shortly after start-up and then every interval, and in the same
 * pass gives keys lowered by a carried spend their full budget back once a new period began;
 * nothing is scheduled when {@code OPENROUTER_RECONCILE_ENABLED} is {@code false}.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ReconcilerScheduleConfiguration implements SchedulingConfigurer {

	private final KeyReconciler reconciler;

	private final ReconcilerProperties properties;

	private final Budgets budgets;

	ReconcilerScheduleConfiguration(KeyReconciler reconciler, ReconcilerProperties properties, Budgets budgets) {
		this.reconciler = reconciler;
		this.properties = properties;
		this.budgets = budgets;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		if (!this.properties.enabled()) {
			return;
		}
		registrar.addFixedDelayTask(new FixedDelayTask(() -> {
			this.reconciler.reconcileQuietly();
			this.budgets.restoreAllDueQuietly();
		}, this.properties.interval(), this.properties.initialDelay()));
	}

}
