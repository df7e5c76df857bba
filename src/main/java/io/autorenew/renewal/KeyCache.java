package io.autorenew.renewal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.autorenew.keys.UserKey;
import io.autorenew.openrouter.ApiKey;

/**
 * Users' keys in memory, so a request reads no database. Entries can be stale when another
 * replica renews a key: the 401 path re-reads the store, so a stale key costs one rejected
 * call and never a mint. When two answers race, the newer key (by creation time) stays.
 */
public final class KeyCache {

	private final Cache<String, UserKey> keys;

	/** Whose each cached key is, for a refusal that names only the key ({@link #holding}). */
	private final Map<ApiKey, String> owners = new ConcurrentHashMap<>();

	KeyCache(int maximumSize) {
		this.keys = Caffeine.newBuilder()
			.maximumSize(maximumSize)
			// told on the calling thread, so a key replaced or evicted has no owner once the call returns
			.executor(Runnable::run)
			.removalListener((String userId, UserKey key, RemovalCause cause) -> {
				if (key != null && key.key() != null) {
					this.owners.remove(key.key(), userId);
				}
			})
			.build();
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

	/** The cached key whose secret is {@code key}, if any. */
	Optional<UserKey> holding(ApiKey key) {
		if (key == null) {
			return Optional.empty();
		}
		String userId = this.owners.get(key);
		return (userId != null) ? peek(userId).filter((cached) -> cached.key().equals(key)) : Optional.empty();
	}

	/** Caches {@code key} unless a newer key of the same user is already cached. */
	void offer(UserKey key) {
		if (key == null) {
			return;
		}
		UserKey kept = this.keys.asMap()
			.merge(key.userId(), key, (cached, offered) -> offered.createdAt().isBefore(cached.createdAt()) ? cached
					: offered);
		if (kept == key && key.readable()) {
			this.owners.put(key.key(), key.userId());
			if (this.keys.getIfPresent(key.userId()) != key) {
				// replaced meanwhile: its removal may have come before this owner was noted
				this.owners.remove(key.key(), key.userId());
			}
		}
	}

	/** How many secrets are known to belong to a user: never more than the keys cached. */
	int owners() {
		this.keys.cleanUp();
		return this.owners.size();
	}

	void forget(String userId) {
		this.keys.invalidate(userId);
	}

	/** Forgets every cached key, e.g. after the store was restored from a backup. */
	public void clear() {
		this.keys.invalidateAll();
	}

}
