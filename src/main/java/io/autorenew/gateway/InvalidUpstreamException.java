package io.autorenew.gateway;

import io.autorenew.web.ProblemException;

import org.springframework.http.HttpStatus;

/** OpenRouter answered 200 with something that is not the API's answer: 502 {@code upstream_invalid}. */
public final class InvalidUpstreamException extends ProblemException {

	public InvalidUpstreamException() {
		super("OpenRouter answered with something that is not a valid answer.", null);
	}

	@Override
	public HttpStatus problemStatus() {
		return HttpStatus.BAD_GATEWAY;
	}

	@Override
	public String problemCode() {
		return "upstream_invalid";
	}

	@Override
	public String problemTitle() {
		return "Upstream invalid";
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
