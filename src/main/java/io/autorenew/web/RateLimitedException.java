package io.autorenew.web;

import java.time.Duration;

/** The caller used up their calls for now: 429 {@code rate_limited} with {@code Retry-After}. */
final class RateLimitedException extends ProblemException {

	RateLimitedException(Duration retryAfter) {
		super("Per-user rate limit reached", null, retryAfter);
	}

	@Override
	public Failure failure() {
		return Failure.RATE_LIMITED;
	}

	@Override
	public String problemDetail() {
		return "Too many requests; retry after the given time.";
	}

}
