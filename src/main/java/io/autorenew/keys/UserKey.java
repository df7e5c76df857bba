package io.autorenew.keys;

import java.time.Instant;

import io.autorenew.openrouter.ApiKey;

/**
 * A user's OpenRouter runtime key as the service holds it. Prints the key masked.
 *
 * @param userId the user (the token's {@code sub})
 * @param key the runtime key
 * @param keyHash OpenRouter's identifier of the key
 * @param createdAt when this key was minted
 * @param expiresAt when OpenRouter expires it, or {@code null} for never
 * @param autoRenewed whether this key replaced a rejected key without anyone asking
 * @param lastRenewalAt when the user's key was last replaced, or {@code null}
 * @param renewalCount how many times the user's key has been replaced
 */
public record UserKey(String userId, ApiKey key, String keyHash, Instant createdAt, Instant expiresAt,
		boolean autoRenewed, Instant lastRenewalAt, int renewalCount) {

	/** The user's first key. */
	static UserKey first(String userId, MintedKey minted, Instant now) {
		return new UserKey(userId, minted.key(), minted.hash(), now, minted.expiresAt(), false, null, 0);
	}

	/** This key's successor: same user, one more renewal. */
	UserKey replacedBy(MintedKey minted, Instant now, boolean automatic) {
		return new UserKey(this.userId, minted.key(), minted.hash(), now, minted.expiresAt(), automatic, now,
				this.renewalCount + 1);
	}

	/** The masked key, e.g. {@code ****b465}. */
	public String label() {
		return this.key.masked();
	}

	boolean sameKeyAs(UserKey other) {
		return other != null && this.keyHash.equals(other.keyHash);
	}

}
