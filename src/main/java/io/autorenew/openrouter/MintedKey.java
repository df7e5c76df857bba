package io.autorenew.openrouter;

import java.time.Instant;

/**
 * A runtime key OpenRouter just created.
 *
 * @param key the key itself (prints masked)
 * @param hash OpenRouter's identifier of the key, used to delete it
 * @param expiresAt when OpenRouter will expire it, or {@code null} for never
 */
public record MintedKey(ApiKey key, String hash, Instant expiresAt) {
}
