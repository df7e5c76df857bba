package io.autorenew.support;

import java.time.Instant;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The service's clock as a {@link MutableClock} the test moves, for the integration tests that
 * need virtual time: {@code @Import(ServiceClock.class)} on each, so they share one context.
 * The context outlives a test class, so each sets the clock where it needs it before each test.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ServiceClock {

	@Bean
	@Primary
	MutableClock serviceClock() {
		return new MutableClock(Instant.now());
	}

}
