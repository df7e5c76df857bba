package io.autorenew.web;

import java.time.Duration;

import io.autorenew.InvalidSettingException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bounds of streamed answers.
 *
 * @param perUser streams one user may hold open at once on this instance
 * ({@code STREAMS_PER_USER}); one more is refused with 429 {@code too_many_streams}
 * @param maxDuration the longest a stream may run ({@code STREAM_MAX_DURATION}); past it,
 * it ends with an error event {@code stream_too_long} and OpenRouter's stream is cancelled
 * @param shutdownGrace how long open streams may run on once a shutdown began
 * ({@code STREAM_SHUTDOWN_GRACE}); then they end with an error event {@code shutting_down}.
 * Keep it below {@code SHUTDOWN_GRACE_PERIOD}, the whole shutdown's bound
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
