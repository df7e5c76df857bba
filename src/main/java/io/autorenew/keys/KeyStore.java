package io.autorenew.keys;

import java.util.List;
import java.util.Optional;

/**
 * Where users' keys are kept. Every write is conditional on what the caller last read, so
 * concurrent writers (threads or replicas) cannot overwrite each other.
 */
public interface KeyStore {

	Optional<UserKey> find(String userId);

	/** Stores a user's first key; {@code false} if the user already has one. */
	boolean insert(UserKey key);

	/** Replaces the user's key if the stored one is still {@code expectedHash}. */
	boolean replace(String expectedHash, UserKey next);

	/** Deletes the user's key if the stored one is still {@code expectedHash}. */
	boolean delete(String userId, String expectedHash);

	/** Whether any user's stored key is the one with this hash. */
	boolean isStored(String keyHash);

	/** How many keys are stored: the live keys, but for those waiting out a grace period. */
	long count();

	/** Every stored key, as a list of users shows it: read without decrypting a key. */
	List<KeySummary> summaries();

}
