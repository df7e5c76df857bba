package io.autorenew.gateway;

import java.util.Map;

import io.autorenew.web.Failure;
import io.autorenew.web.ProblemException;
import io.autorenew.web.ProblemWriter;

/**
 * A request the gateway refuses before anything is spent: 400 with its stable code
 * ({@code invalid_request}, {@code invalid_model}, {@code input_too_large}) and the request
 * field at fault as {@code param} ({@code null} for the body as a whole), in the shape of the
 * API the caller speaks.
 */
public final class InvalidRequestException extends ProblemException {

	private final Failure failure;

	private final String param;

	public InvalidRequestException(Failure failure, String param, String detail) {
		super(detail, null);
		this.failure = failure;
		this.param = param;
	}

	public static InvalidRequestException invalid(String param, String detail) {
		return new InvalidRequestException(Failure.INVALID_REQUEST, param, detail);
	}

	public String param() {
		return this.param;
	}

	@Override
	public Failure failure() {
		return this.failure;
	}

	@Override
	public String problemDetail() {
		return getMessage();
	}

	@Override
	public Map<String, Object> problemProperties() {
		return (this.param != null) ? Map.of(ProblemWriter.PARAM, this.param) : Map.of();
	}

}
