package io.autorenew.web;

import java.time.Clock;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

/**
 * One Bucket4j token bucket per user: {@code perMinute} calls, refilled continuously, so one
 * user cannot burn the shared OpenRouter account. Idle users' buckets are dropped.
 */
final class UserRateLimiter {

	private final long perMinute;

	private final TimeMeter time;

	private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
		.expireAfterAccess(Duration.ofMinutes(5))
		.maximumSize(1_000_000)
		.build();

	UserRateLimiter(long perMinute, Clock clock) {
		this.perMinute = perMinute;
		this.time = new ClockTimeMeter(clock);
	}

	/** Takes one call from the user's bucket: how many are left, or how long to wait. */
	ConsumptionProbe take(String userId) {
		return this.buckets.get(userId, (user) -> Bucket.builder()
			.addLimit(Bandwidth.builder().capacity(this.perMinute).refillGreedy(this.perMinute, Duration.ofMinutes(1)).build())
			.withCustomTimePrecision(this.time)
			.build()).tryConsumeAndReturnRemaining(1);
	}

	long limit() {
		return this.perMinute;
	}

	/** Bucket4j's time, read from the service's {@link Clock}. */
	private record ClockTimeMeter(Clock clock) implements TimeMeter {

		@Override
		public long currentTimeNanos() {
			return this.clock.millis() * 1_000_000L;
		}

		@Override
		public boolean isWallClockBased() {
			return true;
		}

	}

}
