package io.autorenew.openrouter;

import java.time.Instant;

/**
 * A key as OpenRouter's {@code GET /keys} lists it: never the key itself.
 *
 * @param hash OpenRouter's identifier
 * @param name the name given at mint time
 * @param label OpenRouter's label, e.g. {@code sk-or-v1-0e6...1c96}
 * @param createdAt when it was created, or {@code null} if OpenRouter did not say
 */
public record ListedKey(String hash, String name, String label, Instant createdAt) {
}
