package io.autorenew.openrouter;

import java.time.Duration;

/** OpenRouter answered 429; {@link #retryAfter()} is how long it asked us to wait. */
public final class OpenRouterRateLimitedException extends OpenRouterException {

	private final Duration retryAfter;

	public OpenRouterRateLimitedException(String operation, Duration retryAfter) {
		super(operation, 429, "rate limited", null);
		this.retryAfter = retryAfter;
	}

	public Duration retryAfter() {
		return this.retryAfter;
	}

}
