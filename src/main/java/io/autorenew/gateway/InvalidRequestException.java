package io.autorenew.gateway;

import java.util.Map;

import io.autorenew.web.ErrorBodies;
import io.autorenew.web.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * A request the gateway refuses before anything is spent: 400 with its stable code
 * ({@code invalid_request}, {@code invalid_model}, {@code input_too_large}) and the request
 * field at fault as {@code param} ({@code null} for the body as a whole), in the shape of the
 * API the caller speaks.
 */
public final class InvalidRequestException extends ProblemException {

	private final String code;

	private final String param;

	public InvalidRequestException(String code, String param, String detail) {
		super(detail, null);
		this.code = code;
		this.param = param;
	}

	public static InvalidRequestException invalid(String param, String detail) {
		return new InvalidRequestException("invalid_request", param, detail);
	}

	public String param() {
		return this.param;
	}

	@Override
	public HttpStatus problemStatus() {
		return HttpStatus.BAD_REQUEST;
	}

	@Override
	public String problemCode() {
		return this.code;
	}

	@Override
	public String problemTitle() {
		return switch (this.code) {
			case "invalid_model" -> "Invalid model";
			case "input_too_large" -> "Input too large";
			default -> "Invalid request";
		};
	}

	@Override
	public String problemDetail() {
		return getMessage();
	}

	@Override
	public Map<String, Object> problemProperties() {
		return (this.param != null) ? Map.of(ErrorBodies.PARAM, this.param) : Map.of();
	}

}
