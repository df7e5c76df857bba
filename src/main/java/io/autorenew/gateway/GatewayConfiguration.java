package io.autorenew.gateway;

import io.autorenew.openrouter.OpenRouterProperties;
import io.autorenew.renewal.OpenRouterGate;
import io.autorenew.spend.Spend;
import io.autorenew.web.StreamPermits;
import io.autorenew.web.StreamProperties;
import tools.jackson.databind.ObjectMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the agent APIs' one pipeline. */
@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

	@Bean
	Gateway gateway(OpenRouterGate openRouter, OpenRouterProperties properties,
			GatewayProperties gateway, ObjectMapper json, StreamPermits permits, StreamProperties streams, Spend spend) {
		return new Gateway(openRouter, properties, gateway, json, permits, streams, spend);
	}

}
