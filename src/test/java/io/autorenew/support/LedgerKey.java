package io.autorenew.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A runtime key as the {@link OpenRouterLedger} holds it. Prints the key masked.
 *
 * @param expiresAt when OpenRouter stops accepting it, or {@code null} for never
 * @param limit the spending limit in USD, or {@code null} for none
 * @param limitReset {@code daily}, {@code weekly}, {@code monthly} or {@code null}
 */
public record LedgerKey(String hash, String name, String key, Instant createdAt, Instant expiresAt, Double limit,
		String limitReset) {

	private static final SecureRandom RANDOM = new SecureRandom();

	/** A fresh key as OpenRouter mints it: {@code sk-or-v1-} and 64 random hex digits, hashed. */
	static LedgerKey mint(String name, Instant createdAt, Instant expiresAt, Double limit, String limitReset) {
		byte[] secret = new byte[32];
		RANDOM.nextBytes(secret);
		String key = "sk-or-v1-" + HexFormat.of().formatHex(secret);
		return new LedgerKey(sha256(key), name, key, createdAt, expiresAt, limit, limitReset);
	}

	/** {@code ****} and the key's last four characters. */
	public String masked() {
		if (this.key == null || this.key.length() < 8) {
			return "****";
		}
		return "****" + this.key.substring(this.key.length() - 4);
	}

	LedgerKey withLimit(Double changed) {
		return new LedgerKey(this.hash, this.name, this.key, this.createdAt, this.expiresAt, changed, this.limitReset);
	}

	LedgerKey withCreatedAt(Instant at) {
		return new LedgerKey(this.hash, this.name, this.key, at, this.expiresAt, this.limit, this.limitReset);
	}

	private static String sha256(String key) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(sha256.digest(key.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public String toString() {
		return "LedgerKey[hash=" + this.hash + ", name=" + this.name + ", key=" + masked() + ", createdAt="
				+ this.createdAt + ", expiresAt=" + this.expiresAt + ", limit=" + this.limit + ", limitReset="
				+ this.limitReset + "]";
	}

}
