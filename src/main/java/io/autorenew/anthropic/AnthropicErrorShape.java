package io.autorenew.anthropic;

import java.util.LinkedHashMap;
import java.util.Map;

import io.autorenew.web.ErrorShape;
import io.autorenew.web.ProblemWriter;
import io.autorenew.web.Problems;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Anthropic's error shape under {@code /v1/messages}: {@code {"type": "error", "error":
 * {"type", "message", "code", "param"}}}, so that Anthropic SDKs raise their typed exceptions;
 * {@code code} is the service's stable code, {@code param} the request field at fault.
 */
final class AnthropicErrorShape implements ErrorShape {

	/** The path that speaks Anthropic's API. */
	static final String PATH = "/v1/messages";

	@Override
	public boolean serves(String path) {
		return path != null && (path.equals(PATH) || path.startsWith(PATH + "/"));
	}

	@Override
	public String schemaName() {
		return "AnthropicError";
	}

	@Override
	public Schema<?> schema() {
		Schema<?> error = new ObjectSchema().addProperty("type", new StringSchema().example("invalid_request_error"))
			.addProperty("message", new StringSchema())
			.addProperty("code", new StringSchema()
				.description("The stable problem code: each endpoint lists its codes under each status."))
			.addProperty("param", new StringSchema().description("The request field at fault, when there is one."))
			.required(java.util.List.of("type", "message", "code"));
		return new ObjectSchema().description("Anthropic's error shape, so that Anthropic SDKs and Claude Code raise "
				+ "their typed errors.")
			.addProperty("type", new StringSchema().example("error"))
			.addProperty("error", error)
			.required(java.util.List.of("type", "error"));
	}

	@Override
	public MediaType contentType() {
		return MediaType.APPLICATION_JSON;
	}

	@Override
	public Object body(ProblemDetail problem) {
		Map<String, Object> properties = (problem.getProperties() != null) ? problem.getProperties() : Map.of();
		return body(type(problem.getStatus()), problem.getDetail(), properties.get(Problems.CODE),
				properties.get(ProblemWriter.PARAM));
	}

	static Map<String, Object> body(String type, String message, Object code, Object param) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("type", type);
		error.put("message", message);
		error.put("code", code);
		if (param != null) {
			error.put("param", param);
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", "error");
		body.put("error", error);
		return body;
	}

	/** Anthropic's error type for a status, as its API reference lists them. */
	static String type(int status) {
		return switch (status) {
			case 400 -> "invalid_request_error";
			case 401 -> "authentication_error";
			case 402 -> "billing_error";
			case 403 -> "permission_error";
			case 404 -> "not_found_error";
			case 413 -> "request_too_large";
			case 429 -> "rate_limit_error";
			case 503, 529 -> "overloaded_error";
			default -> (status >= 500) ? "api_error" : "invalid_request_error";
		};
	}

}
