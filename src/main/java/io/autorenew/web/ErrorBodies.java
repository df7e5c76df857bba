package io.autorenew.web;

import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * The shape of an error answer, by path: the RFC 9457 problem, unless a feature's
 * {@link ErrorShape} serves the path.
 */
public final class ErrorBodies {

	/** The problem property that names the request field at fault (OpenAI's {@code param}). */
	public static final String PARAM = "param";

	/** The request attribute that holds the path of a request forwarded to the error page. */
	private static final String ERROR_REQUEST_URI = "jakarta.servlet.error.request_uri";

	private final List<ErrorShape> shapes;

	public ErrorBodies(List<ErrorShape> shapes) {
		this.shapes = List.copyOf(shapes);
	}

	/** The shape that serves this request (or, on the error page, the request that failed); empty for a problem. */
	public Optional<ErrorShape> shapeFor(HttpServletRequest request) {
		Object failedPath = request.getAttribute(ERROR_REQUEST_URI);
		return this.shapes.stream()
			.filter((shape) -> shape.serves(request.getRequestURI())
					|| (failedPath instanceof String path && shape.serves(path)))
			.findFirst();
	}

	/** The body to write for {@code problem} on this request. */
	public Object body(HttpServletRequest request, ProblemDetail problem) {
		return shapeFor(request).map((shape) -> shape.body(problem)).orElse(problem);
	}

	public MediaType contentType(HttpServletRequest request) {
		return shapeFor(request).map(ErrorShape::contentType).orElse(MediaType.APPLICATION_PROBLEM_JSON);
	}

}
