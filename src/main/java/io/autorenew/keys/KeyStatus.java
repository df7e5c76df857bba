package io.autorenew.keys;

import java.time.Instant;

/**
 * What callers may see of a stored key: everything but the key itself.
 */
public record KeyStatus(String userId, String provider, String keyLabel, String keyHash, Instant createdAt,
		Instant expiresAt, boolean autoRenewed, Instant lastRenewalAt, int renewalCount) {

	public static KeyStatus of(UserKey key) {
		return new KeyStatus(key.userId(), ApiKeyDocument.OPENROUTER, key.label(), key.keyHash(), key.createdAt(),
				key.expiresAt(), key.autoRenewed(), key.lastRenewalAt(), key.renewalCount());
	}

}
