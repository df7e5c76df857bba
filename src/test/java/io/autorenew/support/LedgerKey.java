package io.autorenew.support;

import java.time.Instant;

/**
 * A runtime key as OpenRouter lists it, with the raw key its mint answered (the stand-in keeps
 * none; {@link OpenRouterLedger} remembers them). Prints the key masked.
 *
 * @param expiresAt when OpenRouter stops accepting it, or {@code null} for never
 * @param limit the spending limit in USD, or {@code null} for none
 * @param limitReset {@code daily}, {@code weekly}, {@code monthly} or {@code null}
 */
public record LedgerKey(String hash, String name, String key, Instant createdAt, Instant expiresAt, Double limit,
		String limitReset) {

	/** {@code ****} and the key's last four characters. */
	public String masked() {
		if (this.key == null || this.key.length() < 8) {
			return "****";
		}
		return "****" + this.key.substring(this.key.length() - 4);
	}

	@Override
	public String toString() {
		return "LedgerKey[hash=" + this.hash + ", name=" + this.name + ", key=" + masked() + ", createdAt="
				+ this.createdAt + ", expiresAt=" + this.expiresAt + ", limit=" + this.limit + ", limitReset="
				+ this.limitReset + "]";
	}

}
