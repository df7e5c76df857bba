package io.autorenew.openrouter;

import io.autorenew.web.Failure;

import org.springframework.http.HttpStatus;

/**
 * Every way an OpenRouter call can fail, and all that follows from it: the service's
 * {@link Failure} the caller is answered with (the one place OpenRouter's failures map onto
 * it), the detail before a stream has begun and inside one, whether the call is worth trying
 * again, and whether it means the key must be renewed. Problems, OpenAI- and Anthropic-shaped
 * errors and stream error events are all made from it; a new kind of failure is a new
 * constant here.
 */
public enum UpstreamFailure {

	/** 401: the key is unknown, expired, disabled or deleted. Renew it; if the renewed key is refused too, 502. */
	KEY_REJECTED(Failure.UPSTREAM_ERROR,
			"OpenRouter rejected the renewed key as well.", "OpenRouter rejected the key during the answer.", false,
			true, true),

	/**
	 * 403 "Key is disabled": someone disabled the key at OpenRouter. Unless the user is
	 * suspended, the key counts as revoked: renew it once; if the renewed key is refused too, 502.
	 */
	KEY_DISABLED(Failure.UPSTREAM_ERROR,
			"OpenRouter refused the renewed key as well.", "OpenRouter disabled the key during the answer.", false,
			true, true),

	/**
	 * 402 from the key's own limit ({@code metadata.limit_source: "openrouter_key_limit"}), or
	 * 403 "Key limit exceeded": the user's budget for the period is spent. Never mint for it.
	 */
	KEY_LIMIT(Failure.BUDGET_EXHAUSTED,
			"The user's spending budget for this period is used up.",
			"The user's spending budget for this period ran out during the answer.", false, false, false),

	/** Any other 402: the OpenRouter account has no credit left. A new key would not help, so never mint for it. */
	CREDITS_EXHAUSTED(Failure.CREDITS_EXHAUSTED,
			"The OpenRouter credits are used up.", "The OpenRouter credits ran out during the answer.", false, false,
			false),

	/** 403 for another reason: moderation or a guardrail. */
	CONTENT_BLOCKED(Failure.CONTENT_BLOCKED,
			"OpenRouter's moderation or guardrails refused this request.",
			"OpenRouter's moderation or guardrails stopped the answer.", false, false, false),

	/** 429: wait as long as OpenRouter asked. */
	RATE_LIMITED(Failure.UPSTREAM_RATE_LIMITED,
			"OpenRouter is rate limiting requests; retry after the given time.",
			"OpenRouter's provider is rate limiting; try again later.", true, false, false),

	/** OpenRouter refused the request itself (a 4xx other than 401, 402, 403, 408, 429). */
	REJECTED(Failure.UPSTREAM_REJECTED,
			"OpenRouter refused the request (status %d).", "OpenRouter refused the request during the answer.",
			false, false, true),

	/** A 5xx or 408, a refused or reset connection, or an answer that is not what the API promises. */
	UNAVAILABLE(Failure.UPSTREAM_ERROR, "OpenRouter could not complete the request.",
			"OpenRouter failed during the answer.", true, false, true),

	/** No answer within the connect or read timeout. */
	TIMEOUT(Failure.UPSTREAM_TIMEOUT, "OpenRouter did not answer in time.",
			"OpenRouter's provider timed out during the answer.", true, false, true);

	private final Failure answer;

	private final String detail;

	private final String streamDetail;

	private final boolean retry;

	private final boolean renew;

	private final boolean warns;

	UpstreamFailure(Failure answer, String detail, String streamDetail, boolean retry, boolean renew, boolean warns) {
		this.answer = answer;
		this.detail = detail;
		this.streamDetail = streamDetail;
		this.retry = retry;
		this.renew = renew;
		this.warns = warns;
	}

	/**
	 * The failure an error inside a stream reports: a chunk with an {@code error} object whose
	 * {@code code} is an HTTP status.
	 */
	public static UpstreamFailure inStream(int status) {
		return switch (status) {
			case 401 -> KEY_REJECTED;
			case 402 -> CREDITS_EXHAUSTED;
			case 403 -> CONTENT_BLOCKED;
			case 408, 504, 524 -> TIMEOUT;
			case 429 -> RATE_LIMITED;
			default -> UNAVAILABLE;
		};
	}

	/** What the caller is answered with: the status, the stable code and the title. */
	public Failure answer() {
		return this.answer;
	}

	/** The status the caller is answered with. */
	public HttpStatus status() {
		return this.answer.status();
	}

	/** The stable code of the problem, the OpenAI- or Anthropic-shaped error and the stream error event. */
	public String code() {
		return this.answer.code();
	}

	/** What the caller is told before a stream has begun; {@code upstreamStatus} fills a {@code %d}. */
	public String detail(int upstreamStatus) {
		return String.format(this.detail, upstreamStatus);
	}

	/** What the caller is told in an error event, once a stream has begun. */
	public String streamDetail() {
		return this.streamDetail;
	}

	/** Whether the same call may succeed if tried again (within the call's deadline). */
	public boolean retry() {
		return this.retry;
	}

	/** Whether the key must be renewed before the call is tried again. */
	public boolean renew() {
		return this.renew;
	}

	boolean warns() {
		return this.warns;
	}

}
