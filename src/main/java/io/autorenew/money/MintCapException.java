package io.autorenew.money;

import java.time.Duration;

import io.autorenew.web.Failure;
import io.autorenew.web.ProblemException;

/** A key had to be minted, but a deployment-wide cap is reached: 503 with the cap's code. */
final class MintCapException extends ProblemException {

	private final MintCaps.Cap cap;

	MintCapException(MintCaps.Cap cap, Duration retryAfter) {
		super("Cap " + cap.code() + " reached", null, retryAfter);
		this.cap = cap;
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
