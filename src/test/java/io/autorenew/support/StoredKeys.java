package io.autorenew.support;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.autorenew.crypto.KeyCipher;
import io.autorenew.crypto.KeyEncryptionProperties;
import org.bson.Document;

/** Raw access to the {@code api_keys} collection through the driver, as another app would see it. */
public final class StoredKeys {

	/** The encryption key the test application runs with (base64 of 32 bytes). */
	public static final String ENCRYPTION_KEY = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=";

	public static final KeyCipher CIPHER = new KeyCipher(KeyEncryptionProperties.of(ENCRYPTION_KEY, ""));

	private StoredKeys() {
	}

	public static MongoCollection<Document> collection() {
		return MongoWireServer.database().getCollection("api_keys");
	}

	public static Document of(String userId) {
		return collection().find(Filters.and(Filters.eq("user_id", userId), Filters.eq("provider", "openrouter")))
			.first();
	}

	public static List<Document> all() {
		return collection().find().into(new java.util.ArrayList<>());
	}

	/** Stores a key for a user the way the service would have, e.g. one minted last month. */
	public static void seed(String userId, String key, String hash) {
		seed(userId, key, hash, null);
	}

	/** Stores a key that OpenRouter expires at {@code expiresAt} ({@code null}: never). */
	public static void seed(String userId, String key, String hash, Instant expiresAt) {
		seed(userId, key, hash, expiresAt, CIPHER);
	}

	/** Stores a key sealed by {@code cipher}, e.g. under an encryption key since rotated. */
	public static void seed(String userId, String key, String hash, Instant expiresAt, KeyCipher cipher) {
		SecretRegistry.register("key seeded for " + userId, key);
		collection().insertOne(new Document("user_id", userId).append("provider", "openrouter")
			.append("key_hash", hash)
			.append("key_label", "****" + key.substring(key.length() - 4))
			.append("encrypted_key", cipher.encrypt(userId, key))
			.append("encryption_key_id", cipher.currentKeyId())
			.append("created_at", Date.from(Instant.parse("2026-10-01T00:00:00Z")))
			.append("expires_at", (expiresAt != null) ? Date.from(expiresAt) : null)
			.append("auto_renewed", false)
			.append("last_renewal_at", null)
			.append("renewal_count", 0));
	}

}
