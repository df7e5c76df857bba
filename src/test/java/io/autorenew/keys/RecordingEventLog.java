package io.autorenew.keys;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.autorenew.keys.audit.KeyEvent;
import io.autorenew.keys.audit.KeyEventLog;
import io.autorenew.keys.audit.KeyEventType;

/** A {@link KeyEventLog} that keeps events in memory, as {@code type reason} strings too. */
public final class RecordingEventLog implements KeyEventLog {

	public final List<KeyEvent> events = Collections.synchronizedList(new ArrayList<>());

	@Override
	public void record(String userId, KeyEventType type, String reason, String oldKeyLabel, String newKeyLabel) {
		this.events.add(new KeyEvent(userId, type.value(), reason, oldKeyLabel, newKeyLabel, Instant.EPOCH, "test"));
	}

	@Override
	public List<KeyEvent> page(String userId, int page, int size) {
		return this.events.stream().filter((event) -> event.userId().equals(userId)).toList();
	}

	@Override
	public long count(String userId) {
		return page(userId, 0, Integer.MAX_VALUE).size();
	}

	/** {@code "event reason"} of each event, in order. */
	public List<String> summary() {
		synchronized (this.events) {
			return this.events.stream().map((event) -> event.event() + " " + event.reason()).toList();
		}
	}

}
