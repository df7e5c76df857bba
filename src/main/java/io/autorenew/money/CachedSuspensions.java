package io.autorenew.money;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Suspensions kept in the users' {@link UserPolicies}, with what this instance knows of them.
 * <p>
 * A request costs no store read: the instance holds the ids of every suspended user, read
 * in one query at most every {@link #CACHE_FOR}, off the request path (the request that finds
 * the set older than that has it read in the background and answers from the set it has), so
 * the store sees one query per instance per five seconds whatever the number of users, and a
 * store outage leaves the last set in place. Another instance sees a
 * suspension within that time, and sooner through OpenRouter, which refuses the disabled key
 * ({@code 403 Key is disabled} makes the caller read the store afresh). What this instance
 * learns first-hand (its own suspend and resume, a fresh read) wins over an older set.
 */
final class CachedSuspensions implements Suspensions {

	private static final Logger log = LoggerFactory.getLogger(CachedSuspensions.class);

	static final Duration CACHE_FOR = Duration.ofSeconds(5);

	private final UserPolicies policies;

	private final Clock clock;

	private final String instance;

	/** Where the set is read again, no request waiting for it ({@code StoreBackground}'s in the service). */
	private final Executor refresher;

	/** Answers learnt first-hand; each wins over a set read before it was learnt. */
	private final Cache<String, Learnt> known = Caffeine.newBuilder().maximumSize(100_000).build();

	private final ReentrantLock reading = new ReentrantLock();

	private final AtomicBoolean refreshing = new AtomicBoolean();

	private volatile boolean refreshFailed;

	private volatile Snapshot snapshot;

	CachedSuspensions(UserPolicies policies, Clock clock, String instance, Executor refresher) {
		this.policies = policies;
		this.clock = clock;
		this.instance = instance;
		this.refresher = refresher;
	}

	@Override
	public boolean isSuspended(String userId, boolean fresh) {
		if (fresh) {
			boolean suspended = suspendedAt(userId).isPresent();
			learn(userId, suspended);
			return suspended;
		}
		Snapshot current = current();
		Learnt learnt = this.known.getIfPresent(userId);
		if (learnt != null && !learnt.at().isBefore(current.readAt())) {
			return learnt.suspended();
		}
		return current.suspended().contains(userId);
	}

	/**
	 * The set of suspended users. The first call reads it; after that, a call that finds it
	 * {@link #CACHE_FOR} old has it read again off the request path (one read at a time) and goes
	 * on with the set it has. A read that fails keeps the set: during a store outage a user is
	 * served with the suspensions known before it, and one made meanwhile takes effect when the
	 * store is back.
	 */
	private Snapshot current() {
		Snapshot current = this.snapshot;
		if (current != null && current.isFresh(this.clock.instant())) {
			return current;
		}
		if (current == null) {
			this.reading.lock();
			try {
				Snapshot latest = this.snapshot;
				return (latest != null) ? latest : read();
			}
			finally {
				this.reading.unlock();
			}
		}
		if (this.refreshing.compareAndSet(false, true)) {
			this.refresher.execute(this::refresh);
		}
		return current;
	}

	private void refresh() {
		try {
			read();
			if (this.refreshFailed) {
				this.refreshFailed = false;
				log.info("Suspended users read from the store again");
			}
		}
		catch (RuntimeException ex) {
			if (!this.refreshFailed) {
				this.refreshFailed = true;
				log.warn("Could not read the suspended users ({}): serving with the {} known since {} until the store "
						+ "answers", ex.getClass().getSimpleName(), this.snapshot.suspended().size(), this.snapshot.readAt());
			}
		}
		finally {
			this.refreshing.set(false);
		}
	}

	private Snapshot read() {
		Instant readAt = this.clock.instant();
		Set<String> suspended = this.policies.suspendedUsers();
		Snapshot read = new Snapshot(Set.copyOf(suspended), readAt);
		this.snapshot = read;
		return read;
	}

	@Override
	public Optional<Instant> suspendedAt(String userId) {
		return this.policies.find(userId).map(UserPolicies.UserPolicy::suspendedAt);
	}

	@Override
	public boolean suspend(String userId) {
		boolean changed = this.policies.suspend(userId, this.clock.instant(), this.instance);
		learn(userId, true);
		return changed;
	}

	@Override
	public void forgetCached() {
		this.reading.lock();
		try {
			this.snapshot = null;
			this.known.invalidateAll();
		}
		finally {
			this.reading.unlock();
		}
	}

	@Override
	public boolean resume(String userId) {
		boolean changed = this.policies.resume(userId);
		learn(userId, false);
		return changed;
	}

	private void learn(String userId, boolean suspended) {
		this.known.put(userId, new Learnt(suspended, this.clock.instant()));
	}

	/** What this instance learnt of one user, and when. */
	private record Learnt(boolean suspended, Instant at) {
	}

	/** The ids of the users suspended when the set was read. */
	private record Snapshot(Set<String> suspended, Instant readAt) {

		boolean isFresh(Instant now) {
			return now.isBefore(this.readAt.plus(CACHE_FOR));
		}

	}

}
