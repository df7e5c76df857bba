package io.autorenew.web;

import java.time.Duration;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * A failure that knows the problem it is answered with: its {@link Failure} (status, stable
 * {@code code}, title) and a detail that holds no key, prompt or upstream body.
 * {@link ProblemDetailsAdvice} answers every one the same way, in the shape of the API the
 * caller speaks.
 */
public abstract class ProblemException extends RuntimeException {

	private final Duration retryAfter;

	protected ProblemException(String message, Throwable cause) {
		this(message, cause, null);
	}

	/** @param retryAfter how long the caller should wait, or {@code null} for no {@code Retry-After} */
	protected ProblemException(String message, Throwable cause, Duration retryAfter) {
		super(message, cause);
		this.retryAfter = retryAfter;
	}

	/** What failed: the status, code and title the caller is answered with. */
	public abstract Failure failure();

	public abstract String problemDetail();

	/** How long the caller should wait, sent as {@code Retry-After}; {@code null} for no header. */
	public Duration retryAfter() {
		return this.retryAfter;
	}

	/** Members the problem body carries besides the standard ones and {@code code}. */
	public Map<String, Object> problemProperties() {
		return Map.of();
	}

	/** Whether the answer is worth a WARN: something failed on the way, not in the request. */
	public boolean warns() {
		return false;
	}

	public final HttpStatus problemStatus() {
		return failure().status();
	}

	public final String problemCode() {
		return failure().code();
	}

	public final String problemTitle() {
		return failure().title();
	}

	/** The one value the caller is answered with. */
	public final Problem problem() {
		return new Problem(failure(), problemDetail(), retryAfter(), problemProperties());
	}

}
