package io.autorenew.anthropic;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/** Wires the Anthropic Messages API's error shape and its refusals. */
@Configuration(proxyBeanMethods = false)
class AnthropicConfiguration {

	@Bean
	@Order(0)
	AnthropicErrorShape anthropicErrorShape() {
		return new AnthropicErrorShape();
	}

}
