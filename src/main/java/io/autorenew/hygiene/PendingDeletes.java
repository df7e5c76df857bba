package io.autorenew.hygiene;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Superseded keys that stay valid for a grace period and are deleted at OpenRouter after it.
 * Kept in the store, so they survive a restart and any instance can delete them.
 */
public interface PendingDeletes {

	/** Schedules a key's deletion. */
	void add(PendingDelete delete);

	/**
	 * Hands one due deletion to this caller: no other caller gets it for {@code retryIn}, so
	 * if this one fails, another instance tries again after that.
	 */
	Optional<PendingDelete> takeDue(Instant now, Duration retryIn);

	/** The deletion is done (or not needed). */
	void remove(String keyHash);

	/** Whether the key is waiting out its grace period: it is tracked, not an orphan. */
	boolean contains(String keyHash);

	/**
	 * @param keyHash OpenRouter's identifier of the key
	 * @param userId whose key it was
	 * @param keyLabel the masked key
	 * @param deleteAfter the end of its grace period
	 */
	record PendingDelete(String keyHash, String userId, String keyLabel, Instant deleteAfter) {
	}

}
