package io.autorenew.web;

import java.time.Duration;

/** The caller holds as many open streams as {@code STREAMS_PER_USER} allows. */
final class TooManyStreamsException extends RuntimeException {

	private final Duration retryAfter;

	TooManyStreamsException(int perUser, Duration retryAfter) {
		super("At most " + perUser + " open streams per user");
		this.retryAfter = retryAfter;
	}

	Duration retryAfter() {
		return this.retryAfter;
	}

}
