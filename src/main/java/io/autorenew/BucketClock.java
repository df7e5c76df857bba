package io.autorenew;

import java.time.Clock;

import io.github.bucket4j.TimeMeter;

/** Bucket4j's time read from the service's {@link Clock}, so tests move every bucket with it. */
public record BucketClock(Clock clock) implements TimeMeter {

	@Override
	public long currentTimeNanos() {
		return this.clock.millis() * 1_000_000L;
	}

	@Override
	public boolean isWallClockBased() {
		return true;
	}

}
