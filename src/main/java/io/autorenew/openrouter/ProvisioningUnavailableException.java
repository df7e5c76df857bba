package io.autorenew.openrouter;

import java.time.Duration;

/**
 * A key could not be minted or deleted because OpenRouter's key-management API failed.
 * Callers are told to come back after {@link #retryAfter()}.
 */
public class ProvisioningUnavailableException extends RuntimeException {

	private final Duration retryAfter;

	public ProvisioningUnavailableException(String message, Duration retryAfter, Throwable cause) {
		super(message, cause);
		this.retryAfter = retryAfter;
	}

	public Duration retryAfter() {
		return this.retryAfter;
	}

}
