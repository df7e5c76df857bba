package io.autorenew.openrouter;

import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/** Wires the chat client from Boot's {@link RestClient.Builder}, with chat's own timeouts. */
@Configuration(proxyBeanMethods = false)
class OpenRouterConfiguration {

	@Bean
	OpenRouterErrors openRouterErrors(ObjectMapper json, Clock clock) {
		return new OpenRouterErrors(json, clock);
	}

	@Bean
	OpenRouterClient openRouterClient(RestClient.Builder builder, OpenRouterProperties properties,
			OpenRouterErrors errors) {
		RestClient http = OpenRouterHttp
			.client(builder, properties, properties.connectTimeout(), properties.readTimeout())
			.mutate()
			.defaultHeader("HTTP-Referer", properties.httpReferer())
			.defaultHeader("X-Title", properties.appTitle())
			.build();
		return new OpenRouterClient(http, errors);
	}

}
