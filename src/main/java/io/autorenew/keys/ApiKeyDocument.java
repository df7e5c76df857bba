package io.autorenew.keys;

import java.time.Instant;

import io.autorenew.openrouter.ApiKey;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.mapping.Field;

/**
 * One document of the {@code api_keys} collection, with the field names the existing
 * Python app reads. One document per ({@code user_id}, {@code provider}).
 */
@Document(ApiKeyDocument.COLLECTION)
record ApiKeyDocument(@Id String id, @Field(USER_ID) String userId, @Field(PROVIDER) String provider,
		@Field(KEY_HASH) String keyHash, @Field("key_label") String keyLabel, @Field("api_key") String apiKey,
		@Field("created_at") Instant createdAt, @Field(name = "expires_at", write = Field.Write.ALWAYS) Instant expiresAt,
		@Field("auto_renewed") boolean autoRenewed, @Field(name = "last_renewal_at", write = Field.Write.ALWAYS) Instant lastRenewalAt,
		@Field("renewal_count") int renewalCount) {

	static final String COLLECTION = "api_keys";

	static final String USER_ID = "user_id";

	static final String PROVIDER = "provider";

	static final String KEY_HASH = "key_hash";

	static final String OPENROUTER = "openrouter";

	static ApiKeyDocument of(UserKey key) {
		return new ApiKeyDocument(null, key.userId(), OPENROUTER, key.keyHash(), key.label(), key.key().value(),
				key.createdAt(), key.expiresAt(), key.autoRenewed(), key.lastRenewalAt(), key.renewalCount());
	}

	UserKey toUserKey() {
		return new UserKey(this.userId, new ApiKey(this.apiKey), this.keyHash, this.createdAt, this.expiresAt,
				this.autoRenewed, this.lastRenewalAt, this.renewalCount);
	}

	@Override
	public String toString() {
		return "ApiKeyDocument[userId=" + this.userId + ", keyLabel=" + this.keyLabel + ", keyHash=" + this.keyHash
				+ "]";
	}

}
