package io.autorenew.renewal;

import java.util.concurrent.ConcurrentHashMap;

import io.autorenew.keys.KeyChange;
import io.autorenew.keys.UserKey;

/**
 * The keys being replaced because they can no longer call (refused, disabled, expired,
 * unreadable), by user: a call that leases one waits for its successor instead of calling
 * OpenRouter with a key it already refused, and a refusal told twice starts one renewal.
 */
final class RunningRenewals {

	private final ConcurrentHashMap<String, Marker> byUser = new ConcurrentHashMap<>();

	/** Why {@code key} is being replaced, or {@code null} when no renewal of it runs. */
	KeyChange of(UserKey key) {
		Marker running = this.byUser.get(key.userId());
		return (running != null && running.keyHash().equals(key.keyHash())) ? running.change() : null;
	}

	/** Marks the renewal of {@code stale} as running, whatever ran before. */
	Marker mark(UserKey stale, KeyChange change) {
		Marker marker = new Marker(stale.userId(), stale.keyHash(), change);
		this.byUser.put(marker.userId(), marker);
		return marker;
	}

	/** Marks the renewal of {@code stale} as running, or {@code null} when one of it runs already. */
	Marker markIfIdle(UserKey stale, KeyChange change) {
		Marker marker = new Marker(stale.userId(), stale.keyHash(), change);
		Marker kept = this.byUser.merge(marker.userId(), marker,
				(running, fresh) -> running.keyHash().equals(fresh.keyHash()) ? running : fresh);
		return (kept == marker) ? marker : null;
	}

	/** The renewal {@code marker} marked has ended (a later mark of the user's stays). */
	void ended(Marker marker) {
		this.byUser.remove(marker.userId(), marker);
	}

	/** One running renewal: whose key, which key, and why. */
	record Marker(String userId, String keyHash, KeyChange change) {
	}

}
