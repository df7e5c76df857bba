package io.autorenew.hygiene;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link PendingDeletes} in memory, with the same hand-out rule as the MongoDB one. */
public final class InMemoryPendingDeletes implements PendingDeletes {

	public final Map<String, PendingDelete> pending = new ConcurrentHashMap<>();

	@Override
	public void add(PendingDelete delete) {
		this.pending.put(delete.keyHash(), delete);
	}

	@Override
	public synchronized Optional<PendingDelete> takeDue(Instant now, Duration retryIn) {
		Optional<PendingDelete> due = this.pending.values()
			.stream()
			.filter((delete) -> !delete.deleteAfter().isAfter(now))
			.min(Comparator.comparing(PendingDelete::deleteAfter));
		due.ifPresent((delete) -> this.pending.put(delete.keyHash(),
				new PendingDelete(delete.keyHash(), delete.userId(), delete.keyLabel(), now.plus(retryIn))));
		return due;
	}

	@Override
	public void remove(String keyHash) {
		this.pending.remove(keyHash);
	}

	@Override
	public boolean contains(String keyHash) {
		return this.pending.containsKey(keyHash);
	}

}
