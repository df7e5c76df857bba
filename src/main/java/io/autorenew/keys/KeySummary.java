package io.autorenew.keys;

import java.time.Instant;

/**
 * What a list of users shows of one stored key, read without decrypting it.
 *
 * @param userId the key's user
 * @param keyLabel the masked key ({@code ****abcd})
 * @param lastRenewalAt when the key last replaced another, or {@code null} for a first key
 * @param renewals how many keys this one succeeds
 */
public record KeySummary(String userId, String keyLabel, Instant lastRenewalAt, int renewals) {
}
