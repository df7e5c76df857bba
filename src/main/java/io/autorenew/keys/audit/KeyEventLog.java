package io.autorenew.keys.audit;

import java.util.List;

/** The audit trail of key changes ({@code key_events}). */
public interface KeyEventLog {

	/** Appends an event; never fails the caller (a lost audit line is logged instead). */
	void record(String userId, KeyEventType type, String reason, String oldKeyLabel, String newKeyLabel);

	/** A page of the user's events, newest first. */
	List<KeyEvent> page(String userId, int page, int size);

	long count(String userId);

}
