package io.autorenew.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import org.bson.Document;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.index.Index;

/**
 * Suspensions in {@code user_policies}, one document per user ({@code _id} = user id) with
 * {@code suspended}, {@code suspended_at} and {@code suspended_by} (the instance).
 * <p>
 * A request costs no store read: the instance holds the ids of every suspended user, read
 * in one query at most every {@link #CACHE_FOR} (by whichever request first finds the set
 * older than that; the others answer from the set they have meanwhile), so the store sees one
 * query per instance per five seconds whatever the number of users. Another instance sees a
 * suspension within that time, and sooner through OpenRouter, which refuses the disabled key
 * ({@code 403 Key is disabled} makes the caller read the store afresh). What this instance
 * learns first-hand (its own suspend and resume, a fresh read) wins over an older set.
 */
final class MongoSuspensions implements Suspensions {

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
	 * The set of suspended users, read again when it is {@link #CACHE_FOR} old: by one caller,
	 * while the others go on with the set they have; everyone waits only for the first read.
	 */
	private Snapshot current() {
		Snapshot current = this.snapshot;
		if (current != null && current.isFresh(this.clock.instant())) {
			return current;
		}
		if (current == null) {
			this.reading.lock();
		}
		else if (!this.reading.tryLock()) {
			return current;
		}
		try {
			Snapshot latest = this.snapshot;
			if (latest != null && latest.isFresh(this.clock.instant())) {
				return latest;
			}
			return read();
		}
		finally {
			this.reading.unlock();
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
