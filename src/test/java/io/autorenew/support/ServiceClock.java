package io.autorenew.support;

import java.time.Instant;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The service's clock as a {@link MutableClock} the test moves, for the integration tests that
 * need virtual time ({@link VirtualTimeIntegrationTest}).
 */
@TestConfiguration(proxyBeanMethods = false)
public class ServiceClock {

	@Bean
	@Primary
	MutableClock serviceClock() {
		return new MutableClock(Instant.now());
	}

}
