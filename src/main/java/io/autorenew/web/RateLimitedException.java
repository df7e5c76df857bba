package io.autorenew.web;

import java.time.Duration;

/** The caller used up their calls for now: 429 {@code rate_limited} with {@code Retry-After}. */
final class RateLimitedException extends ProblemException {

	private final Duration retryAfter;

	RateLimitedException(Duration retryAfter) {
		super("Per-user rate limit reached", null);
		this.retryAfter = retryAfter;
	}

	@Override
	public Failure failure() {
		return Failure.RATE_LIMITED;
	}

	@Override
	public String problemDetail() {
		return "Too many requests; retry after the given time.";
	}

	@Override
	public Duration retryAfter() {
		return this.retryAfter;
	}

}
