package io.autorenew.web;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * The shape of an error answer, by path. Everywhere it is the RFC 9457 problem; under
 * {@code /v1/} (the OpenAI-compatible API) it is OpenAI's
 * {@code {"error": {"message", "type", "code", "param"}}}, so that OpenAI SDKs raise their
 * typed exceptions, with the same stable {@code code} as the problem.
 */
public final class ErrorBodies {

	/** The problem property that names the request field at fault: OpenAI's {@code param}. */
	public static final String PARAM = "param";

	/** Paths that speak OpenAI's API. */
	public static final String OPENAI_PREFIX = "/v1/";

	private ErrorBodies() {
	}

	public static boolean isOpenAi(HttpServletRequest request) {
		return isOpenAi(request.getRequestURI());
	}

	public static boolean isOpenAi(String path) {
		return path != null && path.startsWith(OPENAI_PREFIX);
	}

	/** The body to write for {@code problem} on this request. */
	public static Object body(HttpServletRequest request, ProblemDetail problem) {
		return isOpenAi(request) ? openAi(problem) : problem;
	}

	public static MediaType contentType(HttpServletRequest request) {
		return isOpenAi(request) ? MediaType.APPLICATION_JSON : MediaType.APPLICATION_PROBLEM_JSON;
	}

	/** OpenAI's error body for a problem: its detail, a type by status, and its code. */
	static Map<String, Object> openAi(ProblemDetail problem) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("message", problem.getDetail());
		error.put("type", type(problem.getStatus()));
		Object code = (problem.getProperties() != null) ? problem.getProperties().get(Problems.CODE) : null;
		error.put("code", code);
		error.put("param", (problem.getProperties() != null) ? problem.getProperties().get(PARAM) : null);
		return Map.of("error", error);
	}

	private static String type(int status) {
		return switch (status) {
			case 401 -> "authentication_error";
			case 403 -> "permission_error";
			case 404 -> "not_found_error";
			case 429 -> "rate_limit_error";
			default -> (status >= 500) ? "api_error" : "invalid_request_error";
		};
	}

}
