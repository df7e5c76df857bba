package io.autorenew.renewal;

import java.time.Duration;
import java.time.Instant;

import io.autorenew.keys.UserKey;
import io.autorenew.openrouter.ApiKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key cache, and what a refusal that names only a secret finds in it: the cached key with
 * that secret, and nothing once the key was replaced, forgotten or evicted, with no secret left
 * behind.
 */
class KeyCacheTests {

	private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");

	private final KeyCache cache = new KeyCache(2);

	@Test
	void aCachedKeyIsFoundByItsSecret() {
		UserKey alice = key("alice", 1);
		this.cache.offer(alice);

		assertThat(this.cache.holding(alice.key())).contains(alice);
		assertThat(this.cache.holding(new ApiKey("sk-or-v1-nobody-has-this"))).isEmpty();
		assertThat(this.cache.holding(null)).isEmpty();
	}

	@Test
	void aReplacedKeyIsNoLongerFoundAndItsSecretIsForgotten() {
		UserKey first = key("alice", 1);
		UserKey second = key("alice", 2);
		this.cache.offer(first);
		this.cache.offer(second);

		assertThat(this.cache.holding(first.key())).isEmpty();
		assertThat(this.cache.holding(second.key())).contains(second);
		assertThat(this.cache.owners()).isEqualTo(1);
	}

	@Test
	void anOlderKeyOfferedLateChangesNothing() {
		UserKey first = key("alice", 1);
		UserKey second = key("alice", 2);
		this.cache.offer(second);
		this.cache.offer(first);

		assertThat(this.cache.holding(first.key())).isEmpty();
		assertThat(this.cache.holding(second.key())).contains(second);
		assertThat(this.cache.owners()).isEqualTo(1);
	}

	@Test
	void forgottenClearedAndEvictedKeysLeaveNoSecretBehind() {
		UserKey alice = key("alice", 1);
		this.cache.offer(alice);
		this.cache.forget("alice");
		assertThat(this.cache.holding(alice.key())).isEmpty();
		assertThat(this.cache.owners()).isZero();

		for (int user = 0; user < 50; user++) {
			this.cache.offer(key("user-" + user, 1));
		}
		assertThat(this.cache.owners()).as("at most the two keys the cache holds").isLessThanOrEqualTo(2);
		this.cache.clear();
		assertThat(this.cache.owners()).isZero();
	}

	@Test
	void anUnreadableKeyHasNoSecretToFind() {
		this.cache.offer(new UserKey("bob", null, "hash-bob", "****b0b0", START, null, false, null, 0));

		assertThat(this.cache.peek("bob")).isPresent();
		assertThat(this.cache.owners()).isZero();
	}

	private static UserKey key(String userId, int generation) {
		String secret = "sk-or-v1-" + userId + "-" + generation;
		return new UserKey(userId, new ApiKey(secret), userId + "-hash-" + generation, ApiKey.mask(secret),
				START.plus(Duration.ofMinutes(generation)), null, false, null, generation - 1);
	}

}
