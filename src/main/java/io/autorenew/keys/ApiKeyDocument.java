package io.autorenew.keys;

import java.time.Instant;

import io.autorenew.crypto.KeyCipher;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.mapping.Field;

/**
 * One document of the {@code api_keys} collection, with the field names the existing
 * Python app reads. One document per ({@code user_id}, {@code provider}). The key itself is
 * stored only as AES-256-GCM ciphertext ({@code encrypted_key}) with the id of the key that
 * encrypted it ({@code encryption_key_id}).
 */
@Document(ApiKeyDocument.COLLECTION)
record ApiKeyDocument(@Id String id, @Field(USER_ID) String userId, @Field(PROVIDER) String provider,
		@Field(KEY_HASH) String keyHash, @Field("key_label") String keyLabel,
		@Field(ENCRYPTED_KEY) String encryptedKey, @Field(ENCRYPTION_KEY_ID) String encryptionKeyId,
		@Field("created_at") Instant createdAt,
		@Field(name = "expires_at", write = Field.Write.ALWAYS) Instant expiresAt,
		@Field("auto_renewed") boolean autoRenewed,
		@Field(name = "last_renewal_at", write = Field.Write.ALWAYS) Instant lastRenewalAt,
		@Field("renewal_count") int renewalCount) {

	static final String COLLECTION = "api_keys";

	static final String USER_ID = "user_id";

	static final String PROVIDER = "provider";

	static final String KEY_HASH = "key_hash";

	static final String ENCRYPTED_KEY = "encrypted_key";

	static final String ENCRYPTION_KEY_ID = "encryption_key_id";

	static ApiKeyDocument of(UserKey key, KeyCipher cipher) {
		return new ApiKeyDocument(null, key.userId(), UserKey.PROVIDER, key.keyHash(), key.label(),
				cipher.encrypt(key.userId(), key.key().value()), cipher.currentKeyId(), key.createdAt(),
				key.expiresAt(), key.autoRenewed(), key.lastRenewalAt(), key.renewalCount());
	}

	@Override
	public String toString() {
		return "ApiKeyDocument[userId=" + this.userId + ", keyLabel=" + this.keyLabel + ", keyHash=" + this.keyHash
				+ "]";
	}

}
