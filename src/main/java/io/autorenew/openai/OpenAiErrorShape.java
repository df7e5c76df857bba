package io.autorenew.openai;

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
 * OpenAI's error shape under {@code /v1/}: {@code {"error": {"message", "type", "code",
 * "param"}}}, so that OpenAI SDKs raise their typed exceptions, with the same stable
 * {@code code} as the problem and its detail as the message.
 */
final class OpenAiErrorShape implements ErrorShape {

	/** Paths that speak OpenAI's API. */
	static final String PREFIX = "/v1/";

	/** {@code /v1/messages} speaks Anthropic's API, with an error shape of its own. */
	static final String ANTHROPIC = "/v1/messages";

	@Override
	public boolean serves(String path) {
		return path != null && path.startsWith(PREFIX) && !path.equals(ANTHROPIC) && !path.startsWith(ANTHROPIC + "/");
	}

	@Override
	public String schemaName() {
		return "OpenAiError";
	}

	@Override
	public Schema<?> schema() {
		Schema<?> error = new ObjectSchema().addProperty("message", new StringSchema())
			.addProperty("type", new StringSchema().example("invalid_request_error"))
			.addProperty("code", new StringSchema()
				.description("The stable problem code: each endpoint lists its codes under each status."))
			.addProperty("param", new StringSchema().description("The request field at fault, or null."))
			.required(java.util.List.of("message", "type", "code"));
		return new ObjectSchema().description("OpenAI's error shape, so that OpenAI SDKs raise their typed errors.")
			.addProperty("error", error)
			.required(java.util.List.of("error"));
	}

	@Override
	public MediaType contentType() {
		return MediaType.APPLICATION_JSON;
	}

	@Override
	public Object body(ProblemDetail problem) {
		Map<String, Object> properties = (problem.getProperties() != null) ? problem.getProperties() : Map.of();
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("message", problem.getDetail());
		error.put("type", type(problem.getStatus()));
		error.put("code", properties.get(Problems.CODE));
		error.put("param", properties.get(ProblemWriter.PARAM));
		return Map.of("error", error);
	}

	/** OpenAI's error type for a status, which its SDKs map to their exception classes. */
	static String type(int status) {
		return switch (status) {
			case 401 -> "authentication_error";
			case 403 -> "permission_error";
			case 404 -> "not_found_error";
			case 429 -> "rate_limit_error";
			default -> (status >= 500) ? "api_error" : "invalid_request_error";
		};
	}

}
