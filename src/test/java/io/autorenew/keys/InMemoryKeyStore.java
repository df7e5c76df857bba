package io.autorenew.keys;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link KeyStore} in memory with the same conditional semantics as the MongoDB one, that
 * records every successful write.
 */
public final class InMemoryKeyStore implements KeyStore {

	private final Map<String, UserKey> keys = new ConcurrentHashMap<>();

	public final List<String> writes = Collections.synchronizedList(new ArrayList<>());

	public volatile RuntimeException failWrites;

	/** How many times a user's key was read. */
	public final AtomicInteger finds = new AtomicInteger();

	/** Runs just before a replace: lets a test play another replica winning the race. */
	public volatile Runnable beforeReplace;

	@Override
	public List<KeySummary> summaries() {
		return this.keys.values()
			.stream()
			.map((key) -> new KeySummary(key.userId(), key.keyLabel(), key.lastRenewalAt(), key.renewalCount()))
			.toList();
	}

	@Override
	public Optional<UserKey> find(String userId) {
		this.finds.incrementAndGet();
		return Optional.ofNullable(this.keys.get(userId));
	}

	@Override
	public boolean insert(UserKey key) {
		failIfAsked();
		boolean inserted = this.keys.putIfAbsent(key.userId(), key) == null;
		if (inserted) {
			this.writes.add("insert " + key.userId() + " " + key.keyHash());
		}
		return inserted;
	}

	@Override
	public boolean replace(String expectedHash, UserKey next) {
		failIfAsked();
		Runnable race = this.beforeReplace;
		if (race != null) {
			this.beforeReplace = null;
			race.run();
		}
		return replaceQuietly(expectedHash, next);
	}

	/** A replace without failures or races: another replica's write. */
	public boolean replaceQuietly(String expectedHash, UserKey next) {
		boolean[] replaced = { false };
		this.keys.computeIfPresent(next.userId(), (user, current) -> {
			if (current.keyHash().equals(expectedHash)) {
				replaced[0] = true;
				return next;
			}
			return current;
		});
		if (replaced[0]) {
			this.writes.add("replace " + next.userId() + " " + expectedHash + "->" + next.keyHash());
		}
		return replaced[0];
	}

	@Override
	public boolean delete(String userId, String expectedHash) {
		failIfAsked();
		boolean deleted = this.keys.computeIfPresent(userId,
				(user, current) -> current.keyHash().equals(expectedHash) ? null : current) == null;
		if (deleted) {
			this.writes.add("delete " + userId + " " + expectedHash);
		}
		return deleted;
	}

	@Override
	public boolean isStored(String keyHash) {
		return this.keys.values().stream().anyMatch((key) -> key.keyHash().equals(keyHash));
	}

	public void put(UserKey key) {
		this.keys.put(key.userId(), key);
	}

	private void failIfAsked() {
		if (this.failWrites != null) {
			throw this.failWrites;
		}
	}

	@Override
	public long count() {
		return this.keys.size();
	}

}
