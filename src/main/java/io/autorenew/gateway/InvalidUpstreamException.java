package io.autorenew.gateway;

import io.autorenew.web.Failure;
import io.autorenew.web.ProblemException;

/** OpenRouter answered 200 with something that is not the API's answer: 502 {@code upstream_invalid}. */
public final class InvalidUpstreamException extends ProblemException {

	public InvalidUpstreamException() {
		super("OpenRouter answered with something that is not a valid answer.", null);
	}

	@Override
	public Failure failure() {
		return Failure.UPSTREAM_INVALID;
	}

	@Override
	public String problemDetail() {
		return getMessage();
	}

	@Override
	public boolean warns() {
		return true;
	}

}
