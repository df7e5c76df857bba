package io.autorenew.store;

import java.time.Clock;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.autorenew.BucketClock;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AbstractCompareAndSwapBasedProxyManager;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AsyncCompareAndSwapOperation;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.CompareAndSwapOperation;
import io.github.bucket4j.distributed.remote.RemoteBucketState;
import org.bson.Document;
import org.bson.types.Binary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoOperations;

/**
 * Bucket4j token buckets kept in MongoDB ({@code rate_limit_buckets}), so every instance draws
 * on the same bucket per key. Bucket4j has no MongoDB backend; this is its compare-and-swap
 * proxy manager over single-document operations: read the bucket's state, compute the new
 * state in process, then write it only if the stored state is still the one read (an insert
 * for a new bucket, which loses to a concurrent insert on {@code _id}). A lost race is retried
 * by Bucket4j. The state this instance wrote last is remembered, so a bucket it alone uses costs
 * one round trip, not two. Time is the service's {@link Clock}. Idle buckets carry {@code expires_at}
 * (when they would be full again), which a TTL index on MongoDB removes.
 */
final class MongoBuckets extends AbstractCompareAndSwapBasedProxyManager<String> {

	private static final Logger log = LoggerFactory.getLogger(MongoBuckets.class);

	static final String COLLECTION = "rate_limit_buckets";

	private static final String STATE = "state";

	private static final String EXPIRES_AT = "expires_at";

	private final MongoOperations mongo;

	private final ExpirationAfterWriteStrategy expiration;

	/**
	 * The state this instance last wrote per bucket: the compare-and-swap is tried against it
	 * without reading first. If another instance wrote since, the swap fails, this entry is
	 * dropped and Bucket4j retries with a fresh read.
	 */
	private final Cache<String, byte[]> lastKnown = Caffeine.newBuilder()
		.expireAfterWrite(java.time.Duration.ofMinutes(1))
		.maximumSize(100_000)
		.build();

	private MongoBuckets(MongoOperations mongo, ClientSideConfig config, ExpirationAfterWriteStrategy expiration) {
		super(config);
		this.mongo = mongo;
		this.expiration = expiration;
	}

	static MongoBuckets create(MongoOperations mongo, Clock clock) {
		ExpirationAfterWriteStrategy expiration = ExpirationAfterWriteStrategy
			.basedOnTimeForRefillingBucketUpToMax(java.time.Duration.ofSeconds(10));
		MongoBuckets buckets = new MongoBuckets(mongo,
				ClientSideConfig.getDefault().withClientClock(new BucketClock(clock)), expiration);
		buckets.ensureTtlIndex();
		return buckets;
	}

	@Override
	protected CompareAndSwapOperation beginCompareAndSwapOperation(String key) {
		return new CompareAndSwapOperation() {

			@Override
			public Optional<byte[]> getStateData(Optional<Long> timeoutNanos) {
				byte[] known = MongoBuckets.this.lastKnown.getIfPresent(key);
				if (known != null) {
					return Optional.of(known);
				}
				Document bucket = MongoBuckets.this.mongo.execute(COLLECTION, (collection) -> collection
					.find(Filters.eq("_id", key))
					.projection(Projections.include(STATE))
					.first());
				return Optional.ofNullable(bucket).map((found) -> found.get(STATE, Binary.class).getData());
			}

			@Override
			public boolean compareAndSwap(byte[] originalData, byte[] newData, RemoteBucketState newState,
					Optional<Long> timeoutNanos) {
				Date expiresAt = expiresAt(newState);
				boolean swapped = (originalData == null) ? insert(key, newData, expiresAt)
						: MongoBuckets.this.mongo.execute(COLLECTION, (collection) -> collection
							.updateOne(Filters.and(Filters.eq("_id", key), Filters.eq(STATE, new Binary(originalData))),
									Updates.combine(Updates.set(STATE, new Binary(newData)),
											Updates.set(EXPIRES_AT, expiresAt)))
							.getMatchedCount() == 1);
				if (swapped) {
					MongoBuckets.this.lastKnown.put(key, newData);
				}
				else {
					MongoBuckets.this.lastKnown.invalidate(key);
				}
				return swapped;
			}

		};
	}

	private boolean insert(String key, byte[] state, Date expiresAt) {
		try {
			this.mongo.execute(COLLECTION, (collection) -> collection
				.insertOne(new Document("_id", key).append(STATE, new Binary(state)).append(EXPIRES_AT, expiresAt)));
			return true;
		}
		catch (DuplicateKeyException concurrentInsert) {
			return false;
		}
	}

	private Date expiresAt(RemoteBucketState state) {
		long now = currentTimeNanos();
		return new Date(TimeUnit.NANOSECONDS.toMillis(now) + this.expiration.calculateTimeToLiveMillis(state, now));
	}

	@Override
	protected AsyncCompareAndSwapOperation beginAsyncCompareAndSwapOperation(String key) {
		throw new UnsupportedOperationException("Buckets in MongoDB are used synchronously");
	}

	@Override
	public void removeProxy(String key) {
		this.mongo.execute(COLLECTION, (collection) -> collection.deleteOne(Filters.eq("_id", key)));
	}

	@Override
	protected CompletableFuture<Void> removeAsync(String key) {
		throw new UnsupportedOperationException("Buckets in MongoDB are used synchronously");
	}

	@Override
	public boolean isAsyncModeSupported() {
		return false;
	}

	private void ensureTtlIndex() {
		try {
			this.mongo.execute(COLLECTION, (MongoCollection<Document> collection) -> collection
				.createIndex(Indexes.ascending(EXPIRES_AT), new IndexOptions().name(EXPIRES_AT).expireAfter(0L,
						TimeUnit.SECONDS)));
		}
		catch (RuntimeException ex) {
			log.info("Could not create the TTL index that removes idle rate-limit buckets ({}); they are kept",
					ex.getClass().getSimpleName());
		}
	}

}
