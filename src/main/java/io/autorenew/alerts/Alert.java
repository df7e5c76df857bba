package io.autorenew.alerts;

import java.time.Instant;
import java.util.Map;

/**
 * One alert, as the webhook receives it (JSON).
 *
 * @param id the alert's id: the same on every replica for the same event, so it is sent once
 * @param type {@code budget_threshold}, {@code user_suspended}, {@code user_resumed} or {@code cap_refusing}
 * @param userId the user it is about, or {@code null} (a cap)
 * @param at when it happened
 * @param details what else the type says (thresholds, amounts, the cap)
 */
public record Alert(String id, String type, String userId, Instant at, Map<String, Object> details) {
}
