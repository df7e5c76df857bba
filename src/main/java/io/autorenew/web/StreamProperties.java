package io.autorenew.web;

import java.time.Duration;

import io.autorenew.InvalidSettingException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bounds of streamed answers.
 *
 * @param perUser streams one user may hold open at once on this instance (at least 1); one more is refused
 * with 429 {@code too_many_streams} ({@code STREAMS_PER_USER})
 * @param maxDuration the longest a stream may run; past it, an error event {@code stream_too_long} ends it
 * and OpenRouter's stream is cancelled ({@code STREAM_MAX_DURATION})
 * @param shutdownGrace once a shutdown begins, how long open streams may run on; then an error event
 * {@code shutting_down} ends each (the caller sends the request again) and OpenRouter's stream is cancelled.
 * Keep it below {@code SHUTDOWN_GRACE_PERIOD}, the whole shutdown's bound ({@code STREAM_SHUTDOWN_GRACE})
 */
@ConfigurationProperties("streams")
public record StreamProperties(@DefaultValue("8") int perUser, @DefaultValue("10m") Duration maxDuration,
		@DefaultValue("20s") Duration shutdownGrace) {

	public StreamProperties {
		if (perUser < 1) {
			throw new InvalidSettingException("STREAMS_PER_USER must be at least 1");
		}
		if (maxDuration.isNegative() || maxDuration.isZero()) {
			throw new InvalidSettingException("STREAM_MAX_DURATION must be positive");
		}
		if (shutdownGrace.isNegative()) {
			throw new InvalidSettingException("STREAM_SHUTDOWN_GRACE must not be negative");
		}
	}

}
