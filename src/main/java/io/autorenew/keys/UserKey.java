package io.autorenew.keys;

import java.time.Instant;

import io.autorenew.openrouter.ApiKey;
import io.autorenew.openrouter.MintedKey;

/**
 * A user's OpenRouter runtime key as the service holds it. Prints the key masked.
 *
 * @param userId the user (the token's {@code sub})
 * @param key the runtime key, or {@code null} when the stored ciphertext cannot be
 * decrypted (see {@link #readable()})
 * @param keyHash OpenRouter's identifier of the key
 * @param keyLabel the masked key, e.g. {@code ****b465}
 * @param createdAt when this key was minted
 * @param expiresAt when OpenRouter expires it, or {@code null} for never
 * @param autoRenewed whether this key replaced another without anyone asking
 * @param lastRenewalAt when the user's key was last replaced, or {@code null}
 * @param renewalCount how many times the user's key has been replaced
 */
public record UserKey(String userId, ApiKey key, String keyHash, String keyLabel, Instant createdAt,
		Instant expiresAt, boolean autoRenewed, Instant lastRenewalAt, int renewalCount) {

	/** The provider every stored key is for ({@code provider} in the store). */
	public static final String PROVIDER = "openrouter";

	/** The user's first key. */
	public static UserKey first(String userId, MintedKey minted, Instant now) {
		return new UserKey(userId, minted.key(), minted.hash(), minted.key().masked(), now, minted.expiresAt(), false,
				null, 0);
	}

	/** This key's successor: same user, one more renewal. */
	public UserKey replacedBy(MintedKey minted, Instant now, boolean automatic) {
		return new UserKey(this.userId, minted.key(), minted.hash(), minted.key().masked(), now, minted.expiresAt(),
				automatic, now, this.renewalCount + 1);
	}

	/** The masked key, e.g. {@code ****b465}. */
	public String label() {
		return this.keyLabel;
	}

	/** Whether the key itself could be read (decrypted); an unreadable key must be replaced. */
	public boolean readable() {
		return this.key != null;
	}

	/** Whether OpenRouter has expired (or will have expired) the key at {@code now}. */
	public boolean expiredAt(Instant now) {
		return this.expiresAt != null && !now.isBefore(this.expiresAt);
	}

	public boolean sameKeyAs(UserKey other) {
		return other != null && this.keyHash.equals(other.keyHash);
	}

}
