package io.autorenew.openrouter;

import java.time.Instant;

/**
 * A key as OpenRouter's {@code GET /keys} lists it: never the key itself.
 *
 * @param hash OpenRouter's identifier
 * @param name the name given at mint time
 * @param label OpenRouter's label, e.g. {@code sk-or-v1-0e6...1c96}
 * @param createdAt when it was created, or {@code null} if OpenRouter did not say
 * @param usageDaily what it spent today (UTC), in USD, as OpenRouter counts it
 */
public record ListedKey(String hash, String name, String label, Instant createdAt, double usageDaily) {

	/** A listed key whose usage is not known. */
	public ListedKey(String hash, String name, String label, Instant createdAt) {
		this(hash, name, label, createdAt, 0);
	}

}
