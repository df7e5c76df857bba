package io.autorenew.openrouter;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import io.autorenew.openrouter.ApiKey;
import io.autorenew.openrouter.MintedKey;
import io.autorenew.support.MutableClock;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The breaker around key mints, on a clock the test moves: no real waiting. */
class ProvisioningCircuitTests {

	private static final int THRESHOLD = 3;

	private static final Duration COOL_DOWN = Duration.ofSeconds(30);

	private static final Duration MAX_COOL_DOWN = Duration.ofSeconds(100);

	private static final Duration JUST_OVER = Duration.ofMillis(1);

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T10:00:00Z"));

	private final ProvisioningCircuit circuit = new ProvisioningCircuit(THRESHOLD, COOL_DOWN, MAX_COOL_DOWN,
			this.clock);

	private final AtomicInteger mints = new AtomicInteger();

	@Test
	void staysClosedBelowTheThreshold() {
		failMints(THRESHOLD - 1);

		assertThat(this.circuit.state()).isEqualTo(State.CLOSED);
		assertThat(mint()).isNotNull();
		assertThat(this.mints).hasValue(THRESHOLD);
	}

	@Test
	void opensAfterThresholdConsecutiveFailuresAndThenFailsFast() {
		failMints(THRESHOLD);

		ProvisioningUnavailableException fast = rejected();

		assertThat(this.circuit.state()).isEqualTo(State.OPEN);
		assertThat(this.mints).hasValue(THRESHOLD);
		assertThat(fast.getCause()).isInstanceOf(CallNotPermittedException.class);
		assertThat(fast.retryAfter()).isEqualTo(COOL_DOWN);
	}

	@Test
	void onlyConsecutiveFailuresCount() {
		failMints(THRESHOLD - 1);
		mint();
		failMints(THRESHOLD - 1);

		assertThat(this.circuit.state()).isEqualTo(State.CLOSED);
		failMints(1);
		assertThat(this.circuit.state()).isEqualTo(State.OPEN);
	}

	@Test
	void retryAfterIsTheTimeLeftButAtLeastOneSecond() {
		failMints(THRESHOLD);

		this.clock.advance(Duration.ofSeconds(10));
		assertThat(rejected().retryAfter()).isEqualTo(Duration.ofSeconds(20));

		this.clock.advance(Duration.ofMillis(19_700));
		assertThat(rejected().retryAfter()).isEqualTo(Duration.ofSeconds(1));
		assertThat(this.mints).hasValue(THRESHOLD);
	}

	@Test
	void failsFastUntilTheCoolDownHasPassed() {
		failMints(THRESHOLD);

		this.clock.advance(COOL_DOWN);
		rejected();
		assertThat(this.mints).hasValue(THRESHOLD);

		this.clock.advance(JUST_OVER);
		assertThat(mint()).isNotNull();
		assertThat(this.mints).hasValue(THRESHOLD + 1);
		assertThat(this.circuit.state()).isEqualTo(State.CLOSED);
	}

	@Test
	void coolDownDoublesEachTimeTheTrialMintFailsAgainUpToTheMaximum() {
		failMints(THRESHOLD);
		assertThat(rejected().retryAfter()).isEqualTo(COOL_DOWN);

		Duration expected = COOL_DOWN;
		for (Duration next : new Duration[] { Duration.ofSeconds(60), MAX_COOL_DOWN, MAX_COOL_DOWN }) {
			this.clock.advance(expected.plus(JUST_OVER));
			failMints(1);
			assertThat(this.circuit.state()).isEqualTo(State.OPEN);
			assertThat(rejected().retryAfter()).isEqualTo(next);
			expected = next;
		}
		assertThat(this.mints).hasValue(THRESHOLD + 3);
	}

	@Test
	void aSuccessfulTrialResetsTheCoolDown() {
		failMints(THRESHOLD);
		this.clock.advance(COOL_DOWN.plus(JUST_OVER));
		failMints(1);
		assertThat(rejected().retryAfter()).isEqualTo(Duration.ofSeconds(60));

		this.clock.advance(Duration.ofSeconds(60).plus(JUST_OVER));
		mint();
		assertThat(this.circuit.state()).isEqualTo(State.CLOSED);

		failMints(THRESHOLD);
		assertThat(rejected().retryAfter()).isEqualTo(COOL_DOWN);
	}

	@Test
	void unconfiguredProvisioningNeverOpensTheBreaker() {
		for (int i = 0; i < THRESHOLD * 3; i++) {
			assertThatExceptionOfType(ProvisioningNotConfiguredException.class)
				.isThrownBy(() -> this.circuit.mint(() -> {
					this.mints.incrementAndGet();
					throw new ProvisioningNotConfiguredException(Duration.ofSeconds(30));
				}));
		}

		assertThat(this.circuit.state()).isEqualTo(State.CLOSED);
		assertThat(this.mints).hasValue(THRESHOLD * 3);
		assertThat(mint()).isNotNull();
	}

	@Test
	void openingSharesThePauseAndAnotherInstancesPauseStopsThisOne() {
		RecordingPause fleet = new RecordingPause();
		ProvisioningCircuit one = new ProvisioningCircuit(THRESHOLD, COOL_DOWN, MAX_COOL_DOWN, this.clock, fleet);
		for (int i = 0; i < THRESHOLD; i++) {
			catchThrowableOfType(ProvisioningUnavailableException.class, () -> one.mint(() -> {
				throw new ProvisioningUnavailableException("OpenRouter key mint failed: status 500",
						Duration.ofSeconds(30), null);
			}));
		}
		assertThat(fleet.until).isEqualTo(this.clock.instant().plus(COOL_DOWN));

		ProvisioningCircuit other = new ProvisioningCircuit(THRESHOLD, COOL_DOWN, MAX_COOL_DOWN, this.clock, fleet);
		ProvisioningUnavailableException paused = catchThrowableOfType(ProvisioningUnavailableException.class,
				() -> other.mint(this::countedKey));
		assertThat(paused.retryAfter()).isEqualTo(COOL_DOWN);
		assertThat(other.state()).isEqualTo(State.OPEN);
		assertThat(this.mints).hasValue(0);

		this.clock.advance(COOL_DOWN.plus(JUST_OVER));
		assertThat(other.mint(this::countedKey)).isNotNull();
		assertThat(fleet.resumed).isTrue();
	}

	@Test
	void whenTheStoreCannotTellTheFleetsPauseThisInstancesBreakerAloneDecides() {
		ProvisioningCircuit alone = new ProvisioningCircuit(THRESHOLD, COOL_DOWN, MAX_COOL_DOWN, this.clock,
				new RecordingPause() {
					@Override
					public java.util.Optional<Instant> pausedUntil() {
						throw new IllegalStateException("store down");
					}
				});

		assertThat(alone.mint(this::countedKey)).isNotNull();
		assertThat(alone.state()).isEqualTo(State.CLOSED);
	}

	private MintedKey countedKey() {
		int n = this.mints.incrementAndGet();
		return new MintedKey(new ApiKey("sk-or-v1-test-key-" + n), "hash-" + n, null);
	}

	/** A fleet pause in memory that records what this instance shared. */
	private static class RecordingPause implements FleetMintPause {

		volatile Instant until;

		volatile boolean resumed;

		@Override
		public java.util.Optional<Instant> pausedUntil() {
			return java.util.Optional.ofNullable(this.until);
		}

		@Override
		public void pause(Instant until) {
			this.until = until;
		}

		@Override
		public void resume() {
			this.resumed = true;
		}

	}

	private MintedKey mint() {
		return this.circuit.mint(() -> {
			int n = this.mints.incrementAndGet();
			return new MintedKey(new ApiKey("sk-or-v1-test-key-" + n), "hash-" + n, null);
		});
	}

	private void failMints(int count) {
		for (int i = 0; i < count; i++) {
			ProvisioningUnavailableException failure = catchThrowableOfType(ProvisioningUnavailableException.class,
					() -> this.circuit.mint(() -> {
						this.mints.incrementAndGet();
						throw new ProvisioningUnavailableException("OpenRouter key mint failed: status 500",
								Duration.ofSeconds(30), null);
					}));
			assertThat(failure).as("a mint that reached the provisioning API").isNotNull();
			assertThat(failure.getCause()).isNull();
		}
	}

	/** A mint the open breaker refused without calling the provisioning API. */
	private ProvisioningUnavailableException rejected() {
		int before = this.mints.get();
		ProvisioningUnavailableException fast = catchThrowableOfType(ProvisioningUnavailableException.class,
				this::mint);
		assertThat(fast).as("a mint refused by the open breaker").isNotNull();
		assertThat(this.mints).hasValue(before);
		return fast;
	}

}
