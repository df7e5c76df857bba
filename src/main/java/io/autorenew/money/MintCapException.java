package io.autorenew.money;

import java.time.Duration;

import io.autorenew.web.ProblemException;

import org.springframework.http.HttpStatus;

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
	public HttpStatus problemStatus() {
		return HttpStatus.SERVICE_UNAVAILABLE;
	}

	@Override
	public String problemCode() {
		return this.cap.code();
	}

	@Override
	public String problemTitle() {
		return "Mint cap reached";
	}

	@Override
	public String problemDetail() {
		return this.cap.detail();
	}

}
