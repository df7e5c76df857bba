package io.autorenew.openrouter;

import java.time.Duration;

import io.autorenew.web.Failure;
import io.autorenew.web.ProblemException;

/**
 * A failed OpenRouter call: what kind of failure ({@link UpstreamFailure}), the operation, the
 * upstream status and, for a 429, how long OpenRouter asked us to wait. It never carries a
 * key, a prompt or an upstream body, so its message is safe to log.
 */
public final class OpenRouterException extends ProblemException {

	/** Status used when no HTTP response was received. */
	public static final int NO_RESPONSE = 0;

	private final UpstreamFailure failure;

	private final String operation;

	private final int status;

	public OpenRouterException(UpstreamFailure failure, String operation, int status, String reason,
			Duration retryAfter, Throwable cause) {
		super("OpenRouter " + operation + " failed: " + (status == NO_RESPONSE ? "no response" : "status " + status)
				+ (reason == null ? "" : " (" + reason + ")"), cause, retryAfter);
		this.failure = failure;
		this.operation = operation;
		this.status = status;
	}

	public OpenRouterException(UpstreamFailure failure, String operation, int status, String reason) {
		this(failure, operation, status, reason, null, null);
	}

	public OpenRouterException(UpstreamFailure failure, String operation, int status, String reason,
			Throwable cause) {
		this(failure, operation, status, reason, null, cause);
	}

	/** A 429 and how long OpenRouter asked us to wait. */
	public static OpenRouterException rateLimited(String operation, Duration retryAfter) {
		return new OpenRouterException(UpstreamFailure.RATE_LIMITED, operation, 429, "rate limited", retryAfter, null);
	}

	/** A 401: the key was refused. */
	public static OpenRouterException keyRejected(String operation) {
		return new OpenRouterException(UpstreamFailure.KEY_REJECTED, operation, 401, "key rejected");
	}

	/** How OpenRouter failed: whether to retry, renew, and what the caller is answered with. */
	public UpstreamFailure upstream() {
		return this.failure;
	}

	public String operation() {
		return this.operation;
	}

	/** The upstream HTTP status, or {@link #NO_RESPONSE}. */
	public int status() {
		return this.status;
	}

	@Override
	public Failure failure() {
		return this.failure.answer();
	}

	@Override
	public String problemDetail() {
		return this.failure.detail(this.status);
	}

	@Override
	public boolean warns() {
		return this.failure.warns();
	}

}
