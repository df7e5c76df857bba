package io.autorenew.renewal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Per-user claims to mint, shared by every instance on one store: while one instance holds a
 * user's claim, no other mints for that user. A claim is held for a lease that its holder
 * keeps extending while it works, so a holder that dies loses the claim once the lease runs out.
 */
interface KeyClaims {

	/** Takes the user's claim, unless another holder's lease is still running. */
	Optional<Claim> tryTake(String userId);

	/** When the current holder's lease runs out, if anyone holds the user's claim. */
	Optional<Instant> heldUntil(String userId);

	/** The last holder's failed mint for the user, if the claim was released after one and not taken since. */
	Optional<Failure> lastFailure(String userId);

	/** A mint that failed: when, and how long its caller was told to wait. */
	record Failure(Instant at, Duration retryAfter) {
	}

	/** A claim this instance holds; closing it releases it. */
	interface Claim extends AutoCloseable {

		/**
		 * Releases the claim, telling instances that waited for this mint that it failed: they
		 * answer with the failure instead of minting again.
		 */
		void failed(Duration retryAfter);

		@Override
		void close();

	}

}
