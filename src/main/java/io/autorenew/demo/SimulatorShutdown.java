package io.autorenew.demo;

import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;

/**
 * Closes the demo's {@link OpenRouterSimulator} when its application fails to start,
 * possibly before the simulator bean was created (and so could be destroyed). A normal
 * shutdown closes the simulator as a bean. Failures of other contexts are ignored.
 */
final class SimulatorShutdown implements ApplicationListener<ApplicationFailedEvent> {

	private final ApplicationContext context;

	private final OpenRouterSimulator simulator;

	SimulatorShutdown(ApplicationContext context, OpenRouterSimulator simulator) {
		this.context = context;
		this.simulator = simulator;
	}

	@Override
	public void onApplicationEvent(ApplicationFailedEvent event) {
		if (event.getApplicationContext() == this.context) {
			this.simulator.close();
		}
	}

}
