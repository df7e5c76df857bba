package io.autorenew.web;

import java.time.Duration;

/** The caller used up their analysis calls for now. */
final class RateLimitedException extends RuntimeException {

	private final Duration retryAfter;

	RateLimitedException(Duration retryAfter) {
		super("Per-user rate limit reached");
		this.retryAfter = retryAfter;
	}

	public Duration retryAfter() {
		return this.retryAfter;
	}

}
