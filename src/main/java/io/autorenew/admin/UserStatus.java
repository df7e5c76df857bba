package io.autorenew.admin;

import java.time.Instant;

import io.autorenew.renewal.KeyStatus;

/**
 * What an operator sees of a user after suspending or resuming them.
 *
 * @param userId the user
 * @param suspended whether the user is suspended
 * @param suspendedAt since when, or {@code null}
 * @param key the user's key, masked, or {@code null} if they have none
 */
public record UserStatus(String userId, boolean suspended, Instant suspendedAt, KeyStatus key) {
}
