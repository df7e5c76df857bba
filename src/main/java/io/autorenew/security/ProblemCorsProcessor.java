package io.autorenew.security;

import java.io.IOException;

import io.autorenew.web.ErrorBodies;
import io.autorenew.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.ObjectMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
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

	private final ObjectMapper json;

	private final ErrorBodies bodies;

	ProblemCorsProcessor(ObjectMapper json, ErrorBodies bodies) {
		this.json = json;
		this.bodies = bodies;
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
		ProblemDetail problem = Problems.problem(HttpStatus.FORBIDDEN, "cors_rejected", "Origin not allowed",
				"This origin may not call the API from a browser.");
		HttpServletRequest request = CHECKED.get();
		response.setStatusCode(HttpStatus.FORBIDDEN);
		if (request == null) {
			response.getHeaders().setContentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON);
			this.json.writeValue(response.getBody(), problem);
		}
		else {
			response.getHeaders().setContentType(this.bodies.contentType(request));
			this.json.writeValue(response.getBody(), this.bodies.body(request, problem));
		}
		response.flush();
	}

}
