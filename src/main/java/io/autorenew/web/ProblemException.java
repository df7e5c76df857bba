package io.autorenew.web;

import java.time.Duration;

import org.springframework.http.HttpStatus;

/**
 * A failure that knows the problem it is answered with: its status, stable {@code code},
 * title and a detail that holds no key, prompt or upstream body. {@link ProblemDetailsAdvice}
 * answers every one the same way, in the shape of the API the caller speaks.
 */
public abstract class ProblemException extends RuntimeException {

	protected ProblemException(String message, Throwable cause) {
		super(message, cause);
	}

	public abstract HttpStatus problemStatus();

	public abstract String problemCode();

	public abstract String problemTitle();

	public abstract String problemDetail();

	/** How long the caller should wait, sent as {@code Retry-After}; {@code null} for no header. */
	public Duration retryAfter() {
		return null;
	}

	/** Members the problem body carries besides the standard ones and {@code code}. */
	public java.util.Map<String, Object> problemProperties() {
		return java.util.Map.of();
	}

	/** Whether the answer is worth a WARN: something failed on the way, not in the request. */
	public boolean warns() {
		return false;
	}

}
