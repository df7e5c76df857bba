package io.autorenew.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.index.Index;

/**
 * Suspensions in {@code user_policies}, one document per user ({@code _id} = user id) with
 * {@code suspended}, {@code suspended_at} and {@code suspended_by} (the instance).
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
final class MongoSuspensions implements Suspensions {

	private static final Logger log = LoggerFactory.getLogger(MongoSuspensions.class);

	static final String COLLECTION = "user_policies";

	static final Duration CACHE_FOR = Duration.ofSeconds(5);

	private static final String SUSPENDED = "suspended";

	private static final String SUSPENDED_AT = "suspended_at";

	private final MongoOperations mongo;

	private final Clock clock;

	private final String instance;

	/** Answers learnt first-hand; each wins over a set read before it was learnt. */
	private final Cache<String, Learnt> known = Caffeine.newBuilder().maximumSize(100_000).build();

	private final ReentrantLock reading = new ReentrantLock();

	private final AtomicBoolean refreshing = new AtomicBoolean();

	private volatile boolean refreshFailed;

	private volatile Snapshot snapshot;

	MongoSuspensions(MongoOperations mongo, Clock clock, String instance) {
		this.mongo = mongo;
		this.clock = clock;
		this.instance = instance;
	}

	/** The set of suspended users is read by {@code suspended}, whatever the number of policies. */
	void ensureIndexes() {
		this.mongo.indexOps(COLLECTION).createIndex(new Index().on(SUSPENDED, Sort.Direction.ASC).named(SUSPENDED));
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
			CompletableFuture.runAsync(this::refresh);
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
		Set<String> suspended = new HashSet<>();
		this.mongo.execute(COLLECTION, (collection) -> {
			for (Document policy : collection.find(Filters.eq(SUSPENDED, true)).projection(Projections.include("_id"))) {
				suspended.add(policy.getString("_id"));
			}
			return null;
		});
		Snapshot read = new Snapshot(Set.copyOf(suspended), readAt);
		this.snapshot = read;
		return read;
	}

	@Override
	public Optional<Instant> suspendedAt(String userId) {
		Document policy = this.mongo.execute(COLLECTION,
				(collection) -> collection.find(Filters.and(Filters.eq("_id", userId), Filters.eq(SUSPENDED, true)))
					.first());
		return Optional.ofNullable(policy).map((found) -> found.getDate(SUSPENDED_AT)).map(Date::toInstant);
	}

	@Override
	public boolean suspend(String userId) {
		Date now = Date.from(this.clock.instant());
		boolean changed;
		try {
			UpdateResult result = this.mongo.execute(COLLECTION, (collection) -> collection.updateOne(
					Filters.and(Filters.eq("_id", userId), Filters.ne(SUSPENDED, true)),
					Updates.combine(Updates.set(SUSPENDED, true), Updates.set(SUSPENDED_AT, now),
							Updates.set("suspended_by", this.instance)),
					new UpdateOptions().upsert(true)));
			changed = result.getModifiedCount() > 0 || result.getUpsertedId() != null;
		}
		catch (DuplicateKeyException alreadySuspended) {
			changed = false;
		}
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
		boolean changed = this.mongo.execute(COLLECTION,
				(collection) -> collection.updateOne(Filters.and(Filters.eq("_id", userId), Filters.eq(SUSPENDED, true)),
						Updates.combine(Updates.set(SUSPENDED, false), Updates.unset(SUSPENDED_AT),
								Updates.unset("suspended_by"))))
			.getModifiedCount() > 0;
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
