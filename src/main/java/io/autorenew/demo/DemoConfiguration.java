package io.autorenew.demo;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;

/**
 * The {@code demo} profile's beans: once the service is ready, it logs curl commands to
 * try it against the built-in OpenRouter simulator.
 */
@Configuration(proxyBeanMethods = false)
@Profile(DemoEnvironmentPostProcessor.PROFILE)
class DemoConfiguration {

	@Bean
	DemoInstructions demoInstructions(Environment environment, ObjectProvider<Clock> clock,
			ObjectProvider<OpenRouterSimulator> simulator) {
		return new DemoInstructions(DemoInstructions.jwtSecret(environment), clock.getIfAvailable(Clock::systemUTC),
				simulator.getIfAvailable(), DemoEnvironmentPostProcessor.generated(environment,
						DemoEnvironmentPostProcessor.JWT_SECRET));
	}

}
