package io.autorenew.renewal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoOperations;

/**
 * Claims in the {@code key_claims} collection, one document per user keyed by {@code _id}
 * (so the unique index is the primary key's): {@code owner} (the instance),
 * {@code token} (this hold), {@code lease_until} and {@code claimed_at}; a holder whose mint
 * failed frees the claim and leaves {@code failed_at} and {@code retry_after_ms}, which the
 * next holder clears.
 * <p>
 * Taking a claim is one {@code findOneAndUpdate} upsert matching the user's document only
 * when its lease has run out (a lease until now is over): a live claim makes the upsert insert a second {@code _id} and
 * fail, so of any number of instances exactly one wins. Claims are written with
 * {@code majority} write concern and read from the primary, so a claim acknowledged before a
 * failover survives it. While held, the lease is extended every third of its length; a
 * holder that dies stops extending it.
 */
final class MongoKeyClaims implements KeyClaims, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(MongoKeyClaims.class);

	static final String COLLECTION = "key_claims";

	private static final String OWNER = "owner";

	private static final String TOKEN = "token";

	private static final String LEASE_UNTIL = "lease_until";

	private static final String CLAIMED_AT = "claimed_at";

	private static final String FAILED_AT = "failed_at";

	private static final String RETRY_AFTER = "retry_after_ms";

	private static final FindOneAndUpdateOptions UPSERT = new FindOneAndUpdateOptions().upsert(true);

	private final MongoOperations mongo;

	private final Clock clock;

	private final String instance;

	private final Duration lease;

	private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "key-claim-heartbeat");
		thread.setDaemon(true);
		return thread;
	});

	MongoKeyClaims(MongoOperations mongo, Clock clock, String instance, Duration lease) {
		this.mongo = mongo;
		this.clock = clock;
		this.instance = instance;
		this.lease = lease;
	}

	@Override
	public Optional<Claim> tryTake(String userId) {
		Instant now = this.clock.instant();
		String token = UUID.randomUUID().toString();
		Bson free = Filters.and(Filters.eq("_id", userId), Filters.lte(LEASE_UNTIL, Date.from(now)));
		Bson take = Updates.combine(Updates.set(OWNER, this.instance), Updates.set(TOKEN, token),
				Updates.set(LEASE_UNTIL, Date.from(now.plus(this.lease))), Updates.set(CLAIMED_AT, Date.from(now)),
				Updates.unset(FAILED_AT), Updates.unset(RETRY_AFTER));
		try {
			this.mongo.execute(COLLECTION, (collection) -> claims(collection).findOneAndUpdate(free, take, UPSERT));
		}
		catch (DuplicateKeyException heldElsewhere) {
			return Optional.empty();
		}
		long every = Math.max(1, this.lease.toMillis() / 3);
		ScheduledFuture<?> beat = this.heartbeat.scheduleAtFixedRate(() -> extend(userId, token), every, every,
				TimeUnit.MILLISECONDS);
		return Optional.of(new Held(userId, token, beat));
	}

	@Override
	public Optional<Failure> lastFailure(String userId) {
		Document claim = this.mongo.execute(COLLECTION,
				(collection) -> claims(collection).find(Filters.eq("_id", userId)).first());
		if (claim == null || claim.getDate(FAILED_AT) == null) {
			return Optional.empty();
		}
		return Optional.of(new Failure(claim.getDate(FAILED_AT).toInstant(),
				Duration.ofMillis(claim.get(RETRY_AFTER, Number.class).longValue())));
	}

	/** A claim this instance holds. */
	private final class Held implements Claim {

		private final String userId;

		private final String token;

		private final ScheduledFuture<?> beat;

		private boolean released;

		Held(String userId, String token, ScheduledFuture<?> beat) {
			this.userId = userId;
			this.token = token;
			this.beat = beat;
		}

		/** Frees the claim at once (its lease ends now), recording the failure for those who waited. */
		@Override
		public void failed(Duration retryAfter) {
			this.beat.cancel(false);
			this.released = true;
			Instant now = MongoKeyClaims.this.clock.instant();
			try {
				MongoKeyClaims.this.mongo.execute(COLLECTION, (collection) -> claims(collection).updateOne(
						mine(this.userId, this.token),
						Updates.combine(Updates.set(LEASE_UNTIL, Date.from(now)), Updates.set(FAILED_AT, Date.from(now)),
								Updates.set(RETRY_AFTER, retryAfter.toMillis()))));
			}
			catch (RuntimeException ex) {
				log.warn("[Auto-Renewal] Could not record the failed mint of user {}; its claim lapses with its lease: {}",
						this.userId, ex.getClass().getSimpleName());
			}
		}

		@Override
		public void close() {
			if (!this.released) {
				this.released = true;
				release(this.userId, this.token, this.beat);
			}
		}

	}

	@Override
	public Optional<Instant> heldUntil(String userId) {
		Document claim = this.mongo.execute(COLLECTION,
				(collection) -> claims(collection).find(Filters.eq("_id", userId)).first());
		return Optional.ofNullable(claim)
			.map((found) -> found.getDate(LEASE_UNTIL))
			.map(Date::toInstant)
			.filter((until) -> until.isAfter(this.clock.instant()));
	}

	private void extend(String userId, String token) {
		try {
			this.mongo.execute(COLLECTION, (collection) -> claims(collection).updateOne(mine(userId, token),
					Updates.set(LEASE_UNTIL, Date.from(this.clock.instant().plus(this.lease)))));
		}
		catch (RuntimeException ex) {
			log.warn("[Auto-Renewal] Could not extend the mint claim of user {}: {}", userId,
					ex.getClass().getSimpleName());
		}
	}

	private void release(String userId, String token, ScheduledFuture<?> beat) {
		beat.cancel(false);
		try {
			this.mongo.execute(COLLECTION, (collection) -> claims(collection).deleteOne(mine(userId, token)));
		}
		catch (RuntimeException ex) {
			log.warn("[Auto-Renewal] Could not release the mint claim of user {}; it lapses with its lease: {}", userId,
					ex.getClass().getSimpleName());
		}
	}

	private static Bson mine(String userId, String token) {
		return Filters.and(Filters.eq("_id", userId), Filters.eq(TOKEN, token));
	}

	private static MongoCollection<Document> claims(MongoCollection<Document> collection) {
		return collection.withWriteConcern(WriteConcern.MAJORITY).withReadPreference(ReadPreference.primary());
	}

	/** Stops extending leases: claims still held lapse, as if this instance had died. */
	@Override
	public void close() {
		this.heartbeat.shutdownNow();
	}

}
