package io.autorenew.keys;

import java.time.Instant;

import io.autorenew.openrouter.ApiKey;

/**
 * A runtime key OpenRouter just created.
 *
 * @param key the key itself (prints masked)
 * @param hash OpenRouter's identifier of the key, used to delete it
 * @param expiresAt when OpenRouter will expire it, or {@code null} for never
 */
record MintedKey(ApiKey key, String hash, Instant expiresAt) {
}
