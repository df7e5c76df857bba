package io.autorenew.demo;

import io.autorenew.standin.OpenRouterStandIn;

import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;

/**
 * Closes the demo's {@link OpenRouterStandIn} when its application fails to start,
 * possibly before the stand-in bean was created (and so could be destroyed). A normal
 * shutdown closes the stand-in as a bean. Failures of other contexts are ignored.
 */
final class StandInShutdown implements ApplicationListener<ApplicationFailedEvent> {

	private final ApplicationContext context;

	private final OpenRouterStandIn standIn;

	StandInShutdown(ApplicationContext context, OpenRouterStandIn standIn) {
		this.context = context;
		this.standIn = standIn;
	}

	@Override
	public void onApplicationEvent(ApplicationFailedEvent event) {
		if (event.getApplicationContext() == this.context) {
			this.standIn.close();
		}
	}

}
