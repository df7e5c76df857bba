package io.autorenew.openrouter;

import java.time.Instant;
import java.util.Optional;

/**
 * The mint circuit breaker's pause, shared by every instance: when one instance's breaker
 * opens, the others stop minting too until the pause ends. Implemented over the store outside
 * this package; {@link #LOCAL} shares nothing.
 */
public interface FleetMintPause {

	/** A pause that is never shared: each instance has only its own breaker. */
	FleetMintPause LOCAL = new FleetMintPause() {

		@Override
		public Optional<Instant> pausedUntil() {
			return Optional.empty();
		}

		@Override
		public void pause(Instant until) {
		}

		@Override
		public void resume() {
		}

	};

	/** When the fleet's pause ends, if one is set (it may have ended already). */
	Optional<Instant> pausedUntil();

	/** This instance's breaker opened: pause the fleet's mints until {@code until} at least. */
	void pause(Instant until);

	/** A mint worked: lift a pause that has ended. */
	void resume();

}
