package io.autorenew.openrouter;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.autorenew.openrouter.MintedKey;
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
 * <p>
 * The pause is shared with the fleet ({@link FleetMintPause}): when this breaker opens, the
 * others stop minting until its cool-down ends, and this one stops when another's opens. The
 * fleet's pause is read before each mint.
 */
final class ProvisioningCircuit {

	private static final Logger log = LoggerFactory.getLogger(ProvisioningCircuit.class);

	private final CircuitBreaker breaker;

	private final IntervalFunction coolDown;

	private final Clock clock;

	private final AtomicInteger consecutiveOpenings = new AtomicInteger();

	private final FleetMintPause fleet;

	private volatile Instant openUntil = Instant.MIN;

	ProvisioningCircuit(int failureThreshold, Duration coolDown, Duration maxCoolDown, Clock clock) {
		this(failureThreshold, coolDown, maxCoolDown, clock, FleetMintPause.LOCAL);
	}

	ProvisioningCircuit(int failureThreshold, Duration coolDown, Duration maxCoolDown, Clock clock,
			FleetMintPause fleet) {
		this.clock = clock;
		this.fleet = fleet;
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
					shareQuietly(() -> this.fleet.pause(this.openUntil));
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

	/**
	 * Runs a mint through the breaker; when this breaker or the fleet's pause is open, fails at
	 * once with the time left to wait.
	 */
	MintedKey mint(Supplier<MintedKey> mint) {
		Optional<Instant> fleetPause = fleetPause();
		Instant now = this.clock.instant();
		if (fleetPause.isPresent() && !now.isAfter(fleetPause.get())) {
			throw paused(fleetPause.get(), null);
		}
		try {
			MintedKey minted = this.breaker.executeSupplier(mint);
			if (fleetPause.isPresent()) {
				shareQuietly(this.fleet::resume);
			}
			return minted;
		}
		catch (CallNotPermittedException open) {
			throw paused(this.openUntil, open);
		}
	}

	/** CLOSED, OPEN or HALF_OPEN; OPEN also while another instance has paused the fleet's mints. */
	CircuitBreaker.State state() {
		CircuitBreaker.State local = this.breaker.getState();
		if (local == CircuitBreaker.State.CLOSED
				&& fleetPause().filter((until) -> !this.clock.instant().isAfter(until)).isPresent()) {
			return CircuitBreaker.State.OPEN;
		}
		return local;
	}

	private ProvisioningUnavailableException paused(Instant until, Throwable cause) {
		Duration left = Duration.between(this.clock.instant(), until);
		return new ProvisioningUnavailableException("Key provisioning paused after repeated failures",
				left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left, cause);
	}

	/** The fleet's pause; if the store cannot tell, this instance's breaker alone decides. */
	private Optional<Instant> fleetPause() {
		try {
			return this.fleet.pausedUntil();
		}
		catch (RuntimeException ex) {
			log.debug("Could not read the fleet's mint pause: {}", ex.getClass().getSimpleName());
			return Optional.empty();
		}
	}

	private static void shareQuietly(Runnable write) {
		try {
			write.run();
		}
		catch (RuntimeException ex) {
			log.warn("[Auto-Renewal] Could not share the mint pause with other instances: {}",
					ex.getClass().getSimpleName());
		}
	}

}
