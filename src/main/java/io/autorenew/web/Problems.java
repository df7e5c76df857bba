package io.autorenew.web;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Turns a {@link Problem} into this service's RFC 9457 problem details: a stable {@code type}
 * and {@code code} per failure, its title, a detail that never holds a key, a prompt or an
 * upstream body, and the request id. {@link ProblemWriter} writes it in the caller's shape.
 */
public final class Problems {

	public static final String CODE = "code";

	public static final String REQUEST_ID = "requestId";

	/** The request attribute that holds the code a request was answered with, for its access log line. */
	static final String OUTCOME_ATTRIBUTE = Problems.class.getName() + ".outcome";

	private Problems() {
	}

	/** The problem details of {@code problem}. */
	public static ProblemDetail detail(Problem problem) {
		ProblemDetail detail = ProblemDetail.forStatusAndDetail(problem.status(), problem.detail());
		decorate(detail, problem.failure(), problem.title());
		problem.properties().forEach(detail::setProperty);
		return detail;
	}

	/**
	 * The problem of a bare status the framework or the container answers with: the status
	 * stays, the code is the {@link Failure#forStatus failure} it means.
	 */
	public static ProblemDetail ofStatus(HttpStatusCode status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		return decorate(problem, Failure.forStatus(status), title);
	}

	/** Gives a framework-made problem this service's type, title and code. */
	public static ProblemDetail decorate(ProblemDetail problem, Failure failure, String title) {
		problem.setType(URI.create("/problems/" + failure.code().replace('_', '-')));
		if (title != null) {
			problem.setTitle(title);
		}
		problem.setProperty(CODE, failure.code());
		String requestId = RequestIds.current();
		if (requestId != null) {
			problem.setProperty(REQUEST_ID, requestId);
		}
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			attributes.getRequest().setAttribute(OUTCOME_ATTRIBUTE, failure.code());
		}
		return problem;
	}

	/** A 400 {@code invalid_request} listing each invalid field and why. */
	public static Problem invalid(MethodArgumentNotValidException ex) {
		return Failure.INVALID_REQUEST.with("The request body is invalid.").with("errors", errors(ex));
	}

	/** Each invalid field of {@code ex} with its message, for {@code errors}. */
	public static List<Map<String, String>> errors(MethodArgumentNotValidException ex) {
		return ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> error(error.getField(), String.valueOf(error.getDefaultMessage())))
			.toList();
	}

	/** One entry of {@code errors}: the field first, then what is wrong with it. */
	static Map<String, String> error(String field, String message) {
		Map<String, String> error = new LinkedHashMap<>();
		error.put("field", field);
		error.put("message", message);
		return error;
	}

	/** The answer an advice returns for {@code problem}: problem+json, which {@link ErrorShapeAdvice} reshapes. */
	public static ResponseEntity<Object> response(Problem problem) {
		return response(detail(problem), problem.retryAfter());
	}

	static ResponseEntity<Object> response(ProblemDetail problem, Duration retryAfter) {
		ResponseEntity.BodyBuilder response = ResponseEntity.status(problem.getStatus())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		if (retryAfter != null) {
			response.header(HttpHeaders.RETRY_AFTER, retryAfterSeconds(retryAfter));
		}
		return response.body(problem);
	}

	/** {@code Retry-After} in whole seconds, rounded up, at least 1. */
	static String retryAfterSeconds(Duration duration) {
		long seconds = duration.getSeconds() + ((duration.getNano() > 0) ? 1 : 0);
		return Long.toString(Math.max(1, seconds));
	}

}
