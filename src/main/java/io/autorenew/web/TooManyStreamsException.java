package io.autorenew.web;

import java.time.Duration;

/** The caller holds as many open streams as {@code STREAMS_PER_USER} allows: 429 {@code too_many_streams}. */
final class TooManyStreamsException extends ProblemException {

	TooManyStreamsException(int perUser, Duration retryAfter) {
		super("At most " + perUser + " open streams per user", null, retryAfter);
	}

	@Override
	public Failure failure() {
		return Failure.TOO_MANY_STREAMS;
	}

	@Override
	public String problemDetail() {
		return getMessage() + " (STREAMS_PER_USER); retry once one has ended.";
	}

}
