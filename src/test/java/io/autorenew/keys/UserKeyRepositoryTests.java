package io.autorenew.keys;

import java.time.Instant;
import java.util.Date;

import io.autorenew.crypto.KeyCipher;
import io.autorenew.crypto.KeyEncryptionProperties;
import io.autorenew.openrouter.ApiKey;
import io.autorenew.openrouter.MintedKey;
import io.autorenew.support.StoreSliceTest;
import io.autorenew.support.RotatedSecrets;
import io.autorenew.support.StoredKeys;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoOperations;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A slice: the {@code api_keys} adapter on the mapping Boot sets up, against the Mongo-wire
 * server, with no web layer, security or OpenRouter. What it writes is what the Python app reads
 * ({@code user_id}, {@code provider}, {@code auto_renewed}, {@code last_renewal_at}, ...), one key
 * per user, replaced only over the key the caller saw.
 */
@Import(UserKeyRepositoryTests.Adapter.class)
class UserKeyRepositoryTests extends StoreSliceTest {

	private static final Instant MINTED = Instant.parse("2026-11-01T09:30:00Z");

	private static final String KEY = "sk-or-v1-0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab1234";

	private static final String NEXT_KEY = "sk-or-v1-fedcba9876543210fedcba9876543210fedcba9876543210fedcba98765678";

	@Autowired
	private UserKeyRepository keys;

	@Autowired
	private MongoOperations mongo;

	@BeforeEach
	void indexes() {
		this.keys.ensureIndexes();
	}

	@Test
	void aFirstKeyIsStoredUnderThePythonAppsFieldNamesAndSealed() {
		assertThat(this.keys.insert(UserKey.first("alice", minted(KEY, "hash-1"), MINTED))).isTrue();

		Document stored = raw("alice");

		assertThat(stored.keySet()).contains("user_id", "provider", "key_hash", "key_label", "encrypted_key",
				"encryption_key_id", "created_at", "expires_at", "auto_renewed", "last_renewal_at", "renewal_count");
		assertThat(stored.getString("provider")).isEqualTo("openrouter");
		assertThat(stored.getString("key_label")).isEqualTo("****1234");
		assertThat(stored.getDate("created_at")).isEqualTo(Date.from(MINTED));
		assertThat(stored.getBoolean("auto_renewed")).isFalse();
		assertThat(stored.get("last_renewal_at")).isNull();
		assertThat(stored.toJson()).doesNotContain(KEY);
		assertThat(this.keys.find("alice").orElseThrow().key().value()).isEqualTo(KEY);
	}

	@Test
	void aSecondFirstKeyOfTheSameUserIsRefusedByTheIndex() {
		assertThat(this.keys.insert(UserKey.first("alice", minted(KEY, "hash-1"), MINTED))).isTrue();

		assertThat(this.keys.insert(UserKey.first("alice", minted(NEXT_KEY, "hash-2"), MINTED))).isFalse();

		assertThat(this.keys.find("alice").orElseThrow().keyHash()).isEqualTo("hash-1");
	}

	@Test
	void aRenewalReplacesOnlyTheKeyTheCallerSaw() {
		UserKey first = UserKey.first("alice", minted(KEY, "hash-1"), MINTED);
		this.keys.insert(first);
		UserKey renewed = first.replacedBy(minted(NEXT_KEY, "hash-2"), MINTED.plusSeconds(60), true);

		assertThat(this.keys.replace("hash-stale", renewed)).as("over a key already replaced").isFalse();
		assertThat(this.keys.replace("hash-1", renewed)).isTrue();

		Document stored = raw("alice");
		assertThat(stored.getString("key_hash")).isEqualTo("hash-2");
		assertThat(stored.getBoolean("auto_renewed")).isTrue();
		assertThat(stored.getDate("last_renewal_at")).isEqualTo(Date.from(MINTED.plusSeconds(60)));
		assertThat(stored.getInteger("renewal_count")).isEqualTo(1);
		assertThat(this.keys.isStored("hash-1")).isFalse();
		assertThat(this.keys.isStored("hash-2")).isTrue();
	}

	@Test
	void aKeySealedUnderThePreviousEncryptionKeyIsReadAndResealedUnderTheCurrentOne() {
		StoredKeys.seed("bob", KEY, "hash-bob", null, RotatedSecrets.PREVIOUS_CIPHER);

		assertThat(this.keys.find("bob").orElseThrow().key().value()).isEqualTo(KEY);

		assertThat(raw("bob").getString("encryption_key_id")).isEqualTo(StoredKeys.CIPHER.currentKeyId());
	}

	private Document raw(String userId) {
		return this.mongo.getCollection("api_keys").find(new Document("user_id", userId)).first();
	}

	private static MintedKey minted(String key, String hash) {
		return new MintedKey(new ApiKey(key), hash, MINTED.plusSeconds(30L * 24 * 3600));
	}

	/** The adapter under test, on the slice's {@link MongoOperations}, reading keys sealed under either key. */
	@TestConfiguration(proxyBeanMethods = false)
	static class Adapter {

		@Bean
		UserKeyRepository userKeyRepository(MongoOperations mongo) {
			return new UserKeyRepository(mongo, new KeyCipher(
					KeyEncryptionProperties.of(StoredKeys.ENCRYPTION_KEY, RotatedSecrets.PREVIOUS_ENCRYPTION_KEY)));
		}

	}

}
