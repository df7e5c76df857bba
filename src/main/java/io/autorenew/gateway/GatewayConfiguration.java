package io.autorenew.gateway;

import io.autorenew.openrouter.OpenRouterProperties;
import io.autorenew.renewal.OpenRouterGate;
import io.autorenew.spend.Spend;
import io.autorenew.web.StreamPermits;
import io.autorenew.web.RequestIds;
import io.autorenew.web.StreamProperties;
import tools.jackson.databind.ObjectMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

/** Wires the agent APIs' one pipeline. */
@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

	@Bean
	Gateway gateway(OpenRouterGate openRouter, OpenRouterProperties properties,
			GatewayProperties gateway, ObjectMapper json, StreamPermits permits, StreamProperties streams, Spend spend) {
		return new Gateway(openRouter, properties, gateway, json, permits, streams, spend, streamRelays());
	}

	/**
	 * A thread per relayed stream, named {@code stream-relay-N}, with the request's log context:
	 * on Java 21+ a virtual thread, whose stack is a few frames deep instead of the request
	 * thread's hundred. Not a bean: Boot's own task executor backs off from any.
	 */
	private static SimpleAsyncTaskExecutor streamRelays() {
		SimpleAsyncTaskExecutor relays = new SimpleAsyncTaskExecutor("stream-relay-");
		relays.setVirtualThreads(Runtime.version().feature() >= 21);
		relays.setTaskDecorator(RequestIds::carryingLogContext);
		return relays;
	}

}
