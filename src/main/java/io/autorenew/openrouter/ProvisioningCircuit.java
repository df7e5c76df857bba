package io.autorenew.openrouter;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.autorenew.openrouter.KeyProvisioningClient.MintedKey;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Resilience4j circuit breaker around key mints. After {@code failureThreshold}
 * consecutive failed mints it opens: further mints fail at once, for a cool-down that
 * doubles each time a trial mint fails again, and callers are told how long to wait. Users
 * who already hold a key never pass through here, so they are not affected.
 */
final class ProvisioningCircuit {

	private static final Logger log = LoggerFactory.getLogger(ProvisioningCircuit.class);

	private final CircuitBreaker breaker;

	private final IntervalFunction coolDown;

	private final Clock clock;

	private final AtomicInteger consecutiveOpenings = new AtomicInteger();

	private volatile Instant openUntil = Instant.MIN;

	ProvisioningCircuit(int failureThreshold, Duration coolDown, Duration maxCoolDown, Clock clock) {
		this.clock = clock;
		this.coolDown = IntervalFunction.ofExponentialBackoff(coolDown, 2.0, maxCoolDown);
		CircuitBreakerConfig config = CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(failureThreshold)
			.minimumNumberOfCalls(failureThreshold)
			.failureRateThreshold(100)
			.permittedNumberOfCallsInHalfOpenState(1)
			.waitIntervalFunctionInOpenState(this.coolDown)
			.recordException((ex) -> ex instanceof ProvisioningUnavailableException
					&& !(ex instanceof ProvisioningNotConfiguredException))
			.clock(clock)
			.build();
		this.breaker = CircuitBreaker.of("key-provisioning", config);
		this.breaker.getEventPublisher().onStateTransition((event) -> {
			switch (event.getStateTransition().getToState()) {
				case OPEN -> {
					int openings = this.consecutiveOpenings.incrementAndGet();
					Duration wait = Duration.ofMillis(this.coolDown.apply(openings));
					this.openUntil = clock.instant().plus(wait);
					log.warn("[Auto-Renewal] Key provisioning keeps failing: mints paused for {}", wait);
				}
				case CLOSED -> {
					this.consecutiveOpenings.set(0);
					log.info("[Auto-Renewal] Key provisioning works again: mints resumed");
				}
				default -> {
				}
			}
		});
	}

	/** Runs a mint through the breaker; when open, fails at once with the time left to wait. */
	MintedKey mint(Supplier<MintedKey> mint) {
		try {
			return this.breaker.executeSupplier(mint);
		}
		catch (CallNotPermittedException open) {
			Duration left = Duration.between(this.clock.instant(), this.openUntil);
			throw new ProvisioningUnavailableException("Key provisioning paused after repeated failures",
					left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left, open);
		}
	}

	CircuitBreaker.State state() {
		return this.breaker.getState();
	}

}
