package io.autorenew.keys.audit;

import java.time.Instant;

/**
 * One entry of a user's key audit trail. Keys appear only as masked labels.
 *
 * @param userId whose key
 * @param event what happened ({@link KeyEventType#value()})
 * @param reason why, e.g. {@code rejected}, {@code expired}, {@code operator}
 * @param oldKeyLabel the masked key before, or {@code null}
 * @param newKeyLabel the masked key after, or {@code null}
 * @param at when
 * @param instance which service instance did it
 */
public record KeyEvent(String userId, String event, String reason, String oldKeyLabel, String newKeyLabel,
		Instant at, String instance) {
}
