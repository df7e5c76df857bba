package io.autorenew.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.autorenew.web.Failure;
import io.autorenew.web.Problem;
import io.autorenew.web.ProblemWriter;
import io.autorenew.web.Problems;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.DefaultCorsProcessor;

/**
 * Refuses a cross-origin request from an origin not allowed with a 403 {@code cors_rejected}
 * in the shape of the API the path speaks (problem+json, or OpenAI's or Anthropic's under
 * {@code /v1/}), not plain text.
 */
final class ProblemCorsProcessor extends DefaultCorsProcessor {

	/** The request being checked, for {@link #rejectRequest}, which Spring hands only the response. */
	private static final ThreadLocal<HttpServletRequest> CHECKED = new ThreadLocal<>();

	private final ProblemWriter problems;

	ProblemCorsProcessor(ProblemWriter problems) {
		this.problems = problems;
	}

	@Override
	protected boolean handleInternal(ServerHttpRequest request, ServerHttpResponse response, CorsConfiguration config,
			boolean preFlightRequest) throws IOException {
		if (!(request instanceof ServletServerHttpRequest servlet)) {
			return super.handleInternal(request, response, config, preFlightRequest);
		}
		CHECKED.set(servlet.getServletRequest());
		try {
			return super.handleInternal(request, response, config, preFlightRequest);
		}
		finally {
			CHECKED.remove();
		}
	}

	@Override
	protected void rejectRequest(ServerHttpResponse response) throws IOException {
		Problem problem = Failure.CORS_REJECTED.with("This origin may not call the API from a browser.");
		HttpServletRequest request = CHECKED.get();
		response.setStatusCode(problem.status());
		if (request != null) {
			response.getHeaders().setContentType(this.problems.contentType(request));
			response.getBody()
				.write(this.problems.render(request, Problems.detail(problem)).getBytes(StandardCharsets.UTF_8));
		}
		else {
			response.getHeaders().setContentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON);
			response.getBody().write(this.problems.renderProblem(Problems.detail(problem)));
		}
		response.flush();
	}

}
