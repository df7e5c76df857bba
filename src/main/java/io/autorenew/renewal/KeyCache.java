package io.autorenew.renewal;

import java.util.Optional;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.autorenew.keys.UserKey;

/**
 * Users' keys in memory, so a request reads no database. Entries can be stale when another
 * replica renews a key: the 401 path re-reads the store, so a stale key costs one rejected
 * call and never a mint. When two answers race, the newer key (by creation time) stays.
 */
public final class KeyCache {

	private final Cache<String, UserKey> keys;

	KeyCache(int maximumSize) {
		this.keys = Caffeine.newBuilder().maximumSize(maximumSize).build();
	}

	/** The cached key, or the one {@code load} finds (which is then cached). */
	Optional<UserKey> get(String userId, Function<String, Optional<UserKey>> load) {
		UserKey cached = this.keys.getIfPresent(userId);
		if (cached != null) {
			return Optional.of(cached);
		}
		Optional<UserKey> loaded = load.apply(userId);
		loaded.ifPresent(this::offer);
		return loaded;
	}

	/** The cached key of the user, without loading it. */
	Optional<UserKey> peek(String userId) {
		return Optional.ofNullable(this.keys.getIfPresent(userId));
	}

	/** Caches {@code key} unless a newer key of the same user is already cached. */
	void offer(UserKey key) {
		if (key == null) {
			return;
		}
		this.keys.asMap()
			.merge(key.userId(), key, (cached, offered) -> offered.createdAt().isBefore(cached.createdAt()) ? cached
					: offered);
	}

	void forget(String userId) {
		this.keys.invalidate(userId);
	}

	/** Forgets every cached key, e.g. after the store was restored from a backup. */
	public void clear() {
		this.keys.invalidateAll();
	}

}
