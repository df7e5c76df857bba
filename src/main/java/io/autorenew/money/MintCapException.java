package io.autorenew.money;

import java.time.Duration;

import io.autorenew.web.Failure;
import io.autorenew.web.ProblemException;

/** A key had to be minted, but a deployment-wide cap is reached: 503 with the cap's code. */
final class MintCapException extends ProblemException {

	private final MintCaps.Cap cap;

	private final Duration retryAfter;

	MintCapException(MintCaps.Cap cap, Duration retryAfter) {
		super("Cap " + cap.code() + " reached", null);
		this.cap = cap;
		this.retryAfter = retryAfter;
	}

	@Override
	public Duration retryAfter() {
		return this.retryAfter;
	}

	@Override
	public Failure failure() {
		return this.cap.failure();
	}

	@Override
	public String problemDetail() {
		return this.cap.detail();
	}

}
