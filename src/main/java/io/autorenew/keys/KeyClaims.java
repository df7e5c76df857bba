package io.autorenew.keys;

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

	/** A claim this instance holds; closing it releases it. */
	interface Claim extends AutoCloseable {

		@Override
		void close();

	}

}
