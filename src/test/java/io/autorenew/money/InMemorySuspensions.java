package io.autorenew.money;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link Suspensions} in memory, never stale. */
public final class InMemorySuspensions implements Suspensions {

	private final Map<String, Instant> suspended = new ConcurrentHashMap<>();

	@Override
	public boolean isSuspended(String userId, boolean fresh) {
		return this.suspended.containsKey(userId);
	}

	@Override
	public Optional<Instant> suspendedAt(String userId) {
		return Optional.ofNullable(this.suspended.get(userId));
	}

	@Override
	public boolean suspend(String userId) {
		return this.suspended.putIfAbsent(userId, Instant.EPOCH) == null;
	}

	@Override
	public void forgetCached() {
	}

	@Override
	public boolean resume(String userId) {
		return this.suspended.remove(userId) != null;
	}

}
