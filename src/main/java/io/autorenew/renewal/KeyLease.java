package io.autorenew.renewal;

import io.autorenew.keys.UserKey;

/**
 * A key to call OpenRouter with.
 *
 * @param key the user's key
 * @param provisioned whether this call minted the user's first key (callers that waited
 * for another call's mint get {@code false})
 * @param renewed whether the user's key was replaced before this call (expired or
 * unreadable)
 */
public record KeyLease(UserKey key, boolean provisioned, boolean renewed) {
}
