package io.autorenew.web;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.autorenew.BucketClock;
import io.autorenew.StoreBackground;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.VerboseResult;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Bucket4j token bucket per user: {@code perMinute} calls, refilled continuously, so one
 * user cannot burn the shared OpenRouter account. On a shared MongoDB the buckets live in the
 * store, shared by every instance, so N instances still give a user {@code perMinute} calls;
 * on the embedded store (one instance) they live in memory.
 * <p>
 * What the rule allows is kept local, so a call rarely costs a store round trip:
 * <ul>
 * <li>An instance takes tokens from the shared bucket in small batches and spends them
 * locally for at most {@link #RESERVATION_TTL}; unspent ones are dropped (a user can lose up
 * to one batch per instance and second). A user starts at one token a batch; the batch doubles
 * each time one runs out before it lapses, up to {@code perMinute / 20}, and shrinks to what
 * was spent when one lapses with tokens left. Tokens held this way can outlast the bucket's cap by at most one
 * second's refill ({@code perMinute / 60}) per instance: 1.7 % of the limit, so up to six
 * instances stay within the limit plus 10 %. With a clock that stands still (as in the
 * tests) nothing refills and the fleet answers exactly the limit.</li>
 * <li>Once the store says a user's bucket is empty until a given moment, this instance refuses
 * that user's calls until then without asking again (other instances only take tokens).</li>
 * <li>Concurrent calls of one user on one instance share one round trip (Bucket4j's
 * batching).</li>
 * </ul>
 * If the store fails, each instance falls back to a bucket of its own until the store answers
 * again, tried off the request path every {@link #FALLBACK_FOR}: an outage costs one request
 * one timeout per instance, and does not stop users whose keys are cached.
 */
final class UserRateLimiter {

	private static final Logger log = LoggerFactory.getLogger(UserRateLimiter.class);

	static final Duration FALLBACK_FOR = Duration.ofSeconds(5);

	static final Duration RESERVATION_TTL = Duration.ofSeconds(1);

	/**
	 * The bucket read to learn whether the store answers again. No call takes from it: user ids
	 * have no spaces ({@code TokenDecoder.USER_ID}).
	 */
	static final String PROBE = "store probe";

	private final long largestBatch;

	private final Cache<String, HeldTokens> reservations = Caffeine.newBuilder()
		.expireAfterAccess(Duration.ofMinutes(5))
		.maximumSize(1_000_000)
		.build();

	private final long perMinute;

	private final Clock clock;

	private final ProxyManager<String> shared;

	private final BucketConfiguration configuration;

	private final BucketClock time;

	private final Cache<String, Bucket> sharedBuckets = Caffeine.newBuilder()
		.expireAfterAccess(Duration.ofMinutes(5))
		.maximumSize(1_000_000)
		.build();

	/** Until when (clock millis) the store said each user's bucket is empty. */
	private final Cache<String, Long> emptyUntil = Caffeine.newBuilder()
		.expireAfterWrite(Duration.ofMinutes(1))
		.maximumSize(1_000_000)
		.build();

	private final Cache<String, Bucket> localBuckets = Caffeine.newBuilder()
		.expireAfterAccess(Duration.ofMinutes(5))
		.maximumSize(1_000_000)
		.build();

	/** While the store is down: when to try it again (off the request path); {@code MIN_VALUE} while it answers. */
	private volatile long storeRetryAt = Long.MIN_VALUE;

	private final AtomicBoolean probing = new AtomicBoolean();

	/**
	 * @param shared the buckets every instance shares, or {@code null} for buckets in memory
	 * (one instance, e.g. on the embedded store)
	 */
	UserRateLimiter(long perMinute, Clock clock, ProxyManager<String> shared) {
		this.perMinute = perMinute;
		this.clock = clock;
		this.shared = shared;
		this.time = new BucketClock(clock);
		this.largestBatch = Math.max(1, Math.min(perMinute / 20, 1000));
		this.configuration = BucketConfiguration.builder()
			.addLimit(Bandwidth.builder()
				.capacity(perMinute)
				.refillGreedy(perMinute, Duration.ofMinutes(1))
				.build())
			.build();
	}

	/** Takes one call from the user's bucket: how many are left, or how long to wait. */
	Taken take(String userId) {
		if (this.shared == null) {
			ConsumptionProbe probe = local(userId);
			return new Taken(probe.isConsumed(), probe.getRemainingTokens(), probe.getNanosToWaitForRefill());
		}
		long now = this.clock.millis();
		Long empty = this.emptyUntil.getIfPresent(userId);
		if (empty != null && now < empty) {
			return new Taken(false, 0, TimeUnit.MILLISECONDS.toNanos(empty - now));
		}
		ConsumptionProbe probe;
		if (this.storeRetryAt == Long.MIN_VALUE) {
			probe = fleet(userId, now);
		}
		else {
			// The store failed: this instance limits on its own until a try off the request path
			// finds the store again, so an outage costs one request one timeout, not one each.
			if (now >= this.storeRetryAt && this.probing.compareAndSet(false, true)) {
				StoreBackground.run(this::probeStore);
			}
			probe = local(userId);
		}
		if (!probe.isConsumed()) {
			this.emptyUntil.put(userId, now + Math.max(1, TimeUnit.NANOSECONDS.toMillis(probe.getNanosToWaitForRefill())));
		}
		return new Taken(probe.isConsumed(), probe.getRemainingTokens(), probe.getNanosToWaitForRefill());
	}

	long limit() {
		return this.perMinute;
	}

	private ConsumptionProbe fleet(String userId, long now) {
		HeldTokens reservation = this.reservations.get(userId, (user) -> new HeldTokens(this.largestBatch));
		long left = reservation.take(now);
		if (left >= 0) {
			return ConsumptionProbe.consumed(left, 0);
		}
		try {
			Bucket bucket = this.sharedBuckets.get(userId, (user) -> this.shared.builder()
				.withOptimization(Optimizations.batching())
				.build(user, () -> this.configuration));
			VerboseResult<Long> batch = bucket.asVerbose().tryConsumeAsMuchAsPossible(reservation.nextBatch(now));
			ConsumptionProbe probe = (batch.getValue() > 0)
					? ConsumptionProbe.consumed(reservation.keep(batch.getValue() - 1, now, now + RESERVATION_TTL.toMillis())
							+ batch.getDiagnostics().getAvailableTokens(), 0)
					: bucket.tryConsumeAndReturnRemaining(1);
			return probe;
		}
		catch (RuntimeException ex) {
			this.storeRetryAt = now + FALLBACK_FOR.toMillis();
			log.warn("Rate-limit store unavailable ({}): limiting per instance for {}", ex.getClass().getSimpleName(),
					FALLBACK_FOR);
			return local(userId);
		}
	}

	/**
	 * Reads a bucket nobody writes once, off the request path: its answer ends the fallback, or
	 * extends it. A user's own bucket would not do: the store's adapter may answer it from what
	 * it last wrote, without asking the store.
	 */
	private void probeStore() {
		long now = this.clock.millis();
		try {
			this.shared.getProxyConfiguration(PROBE);
			this.storeRetryAt = Long.MIN_VALUE;
			log.info("Rate limits are shared through the store again");
		}
		catch (RuntimeException ex) {
			this.storeRetryAt = now + FALLBACK_FOR.toMillis();
		}
		finally {
			this.probing.set(false);
		}
	}

	private ConsumptionProbe local(String userId) {
		return this.localBuckets.get(userId, (user) -> Bucket.builder()
			.addLimit(this.configuration.getBandwidths()[0])
			.withCustomTimePrecision(this.time)
			.build()).tryConsumeAndReturnRemaining(1);
	}

	/**
	 * @param consumed whether the call may go ahead
	 * @param remaining calls left in the bucket
	 * @param nanosToWait time until the next call is allowed, when refused
	 */
	record Taken(boolean consumed, long remaining, long nanosToWait) {
	}

}
