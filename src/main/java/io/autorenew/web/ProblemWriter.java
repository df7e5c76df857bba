package io.autorenew.web;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.ObjectMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * The one writer of error answers, for every path a failure takes: the advices (through
 * {@link ErrorShapeAdvice}), the filters, security, CORS and Tomcat's error page. It picks the
 * shape of the API the request's path speaks (an RFC 9457 problem, unless a feature's
 * {@link ErrorShape} serves the path) and writes the status, {@code Retry-After}, the content
 * type and the body, so the same failure reads the same whoever turned the request away.
 */
public final class ProblemWriter {

	/** The problem property that names the request field at fault (OpenAI's {@code param}). */
	public static final String PARAM = "param";

	/** The request attribute that holds the path of a request forwarded to the error page. */
	private static final String ERROR_REQUEST_URI = "jakarta.servlet.error.request_uri";

	private final List<ErrorShape> shapes;

	private final ObjectMapper json;

	public ProblemWriter(List<ErrorShape> shapes, ObjectMapper json) {
		this.shapes = List.copyOf(shapes);
		this.json = json;
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

	/** The body of {@code problem} on this request, as JSON text. */
	public String render(HttpServletRequest request, ProblemDetail problem) {
		return this.json.writeValueAsString(body(request, problem));
	}

	/** The RFC 9457 body of {@code problem}, as UTF-8 JSON: where no request says which shape to use. */
	public byte[] renderProblem(ProblemDetail problem) {
		return this.json.writeValueAsBytes(problem);
	}

	/** Answers with {@code problem}: its status, {@code Retry-After}, the shape's content type and body. */
	public void write(HttpServletRequest request, HttpServletResponse response, Problem problem) throws IOException {
		response.setStatus(problem.status().value());
		if (problem.retryAfter() != null) {
			response.setHeader(HttpHeaders.RETRY_AFTER, Problems.retryAfterSeconds(problem.retryAfter()));
		}
		response.setContentType(contentType(request).toString());
		write(request, response.getOutputStream(), Problems.detail(problem));
	}

	/** Writes the body of {@code problem} on this request to {@code body}. */
	public void write(HttpServletRequest request, OutputStream body, ProblemDetail problem) {
		this.json.writeValue(body, body(request, problem));
	}

}
