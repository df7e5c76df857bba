package io.autorenew.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import org.bson.Document;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoOperations;

/**
 * Suspensions in {@code user_policies}, one document per user ({@code _id} = user id) with
 * {@code suspended}, {@code suspended_at} and {@code suspended_by} (the instance). Answers are
 * cached for {@link #CACHE_FOR} per user, so a request costs no store read; another instance
 * sees a suspension within that time, and sooner through OpenRouter, which refuses the
 * disabled key ({@code 403 Key is disabled} makes the caller read the store afresh).
 */
final class MongoSuspensions implements Suspensions {

	static final String COLLECTION = "user_policies";

	static final Duration CACHE_FOR = Duration.ofSeconds(5);

	private static final String SUSPENDED = "suspended";

	private static final String SUSPENDED_AT = "suspended_at";

	private final MongoOperations mongo;

	private final Clock clock;

	private final String instance;

	private final Cache<String, Boolean> cache = Caffeine.newBuilder()
		.expireAfterWrite(CACHE_FOR)
		.maximumSize(1_000_000)
		.build();

	MongoSuspensions(MongoOperations mongo, Clock clock, String instance) {
		this.mongo = mongo;
		this.clock = clock;
		this.instance = instance;
	}

	@Override
	public boolean isSuspended(String userId, boolean fresh) {
		if (fresh) {
			this.cache.invalidate(userId);
		}
		return this.cache.get(userId, (user) -> suspendedAt(user).isPresent());
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
		this.cache.put(userId, true);
		return changed;
	}

	@Override
	public void forgetCached() {
		this.cache.invalidateAll();
	}

	@Override
	public boolean resume(String userId) {
		boolean changed = this.mongo.execute(COLLECTION,
				(collection) -> collection.updateOne(Filters.and(Filters.eq("_id", userId), Filters.eq(SUSPENDED, true)),
						Updates.combine(Updates.set(SUSPENDED, false), Updates.unset(SUSPENDED_AT),
								Updates.unset("suspended_by"))))
			.getModifiedCount() > 0;
		this.cache.put(userId, false);
		return changed;
	}

}
