package io.autorenew.money;

import java.time.Instant;
import java.util.Optional;

/** Which users an operator suspended; kept in the store, so every instance refuses them. */
public interface Suspensions {

	/**
	 * Whether the user is suspended. May answer from a cache a few seconds old; with
	 * {@code fresh}, reads the store.
	 */
	boolean isSuspended(String userId, boolean fresh);

	/** When the user was suspended, if they are. */
	Optional<Instant> suspendedAt(String userId);

	/** Marks the user suspended; {@code false} if they already were. */
	boolean suspend(String userId);

	/** Lifts the user's suspension; {@code false} if they were not suspended. */
	boolean resume(String userId);

	/** Forgets cached answers: the next question reads the store. */
	void forgetCached();

}
