package io.autorenew.web;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Builds this service's RFC 9457 problem details: a stable {@code type} and {@code code}
 * per kind of failure, a short title and a detail that never holds a key, a prompt or an
 * upstream body.
 */
public final class Problems {

	public static final String CODE = "code";

	public static final String REQUEST_ID = "requestId";

	/** The request attribute that holds the code a request was answered with, for its access log line. */
	static final String OUTCOME_ATTRIBUTE = Problems.class.getName() + ".outcome";

	/** Codes of failures the framework or the container detects, by status. */
	private static final Map<Integer, String> STATUS_CODES = Map.of(400, "invalid_request", 401, "unauthorized", 403,
			"forbidden", 404, "not_found", 405, "method_not_allowed", 406, "not_acceptable", 413, "request_too_large",
			415, "unsupported_media_type", 500, "internal_error");

	private Problems() {
	}

	/** The stable code of a failure known only by its status. */
	public static String codeFor(HttpStatusCode status) {
		return STATUS_CODES.getOrDefault(status.value(), status.is4xxClientError() ? "request_failed" : "internal_error");
	}

	public static ProblemDetail problem(HttpStatusCode status, String code, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		return decorate(problem, code, title);
	}

	/** Gives a framework-made problem this service's type, title and code. */
	public static ProblemDetail decorate(ProblemDetail problem, String code, String title) {
		problem.setType(URI.create("/problems/" + code.replace('_', '-')));
		if (title != null) {
			problem.setTitle(title);
		}
		problem.setProperty(CODE, code);
		String requestId = RequestIds.current();
		if (requestId != null) {
			problem.setProperty(REQUEST_ID, requestId);
		}
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			attributes.getRequest().setAttribute(OUTCOME_ATTRIBUTE, code);
		}
		return problem;
	}

	/** A 400 {@code invalid_request} listing each invalid field and why. */
	public static ResponseEntity<Object> invalid(MethodArgumentNotValidException ex) {
		return response(withErrors(problem(HttpStatus.BAD_REQUEST, "invalid_request", "Invalid request",
				"The request body is invalid."), ex), null);
	}

	/** Adds {@code errors}: each invalid field of {@code ex} with its message. */
	public static ProblemDetail withErrors(ProblemDetail problem, MethodArgumentNotValidException ex) {
		problem.setProperty("errors", ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> error(error.getField(), String.valueOf(error.getDefaultMessage())))
			.toList());
		return problem;
	}

	/** One entry of {@code errors}: the field first, then what is wrong with it. */
	static Map<String, String> error(String field, String message) {
		Map<String, String> error = new LinkedHashMap<>();
		error.put("field", field);
		error.put("message", message);
		return error;
	}

	public static ResponseEntity<Object> response(ProblemDetail problem, Duration retryAfter) {
		ResponseEntity.BodyBuilder response = ResponseEntity.status(problem.getStatus())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		if (retryAfter != null) {
			response.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, seconds(retryAfter))));
		}
		return response.body(problem);
	}

	private static long seconds(Duration duration) {
		return duration.getSeconds() + ((duration.getNano() > 0) ? 1 : 0);
	}

}
