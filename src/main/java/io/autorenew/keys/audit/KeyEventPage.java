package io.autorenew.keys.audit;

import java.util.List;

/**
 * One page of a user's key audit trail, newest first.
 *
 * @param userId whose events
 * @param page the page number, from 0
 * @param size the page size asked for
 * @param total how many events the user has in all
 * @param events this page's events
 */
public record KeyEventPage(String userId, int page, int size, long total, List<KeyEvent> events) {
}
