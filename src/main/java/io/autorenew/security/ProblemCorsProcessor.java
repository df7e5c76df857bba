package io.autorenew.security;

import java.io.IOException;

import io.autorenew.web.Problems;
import tools.jackson.databind.ObjectMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.DefaultCorsProcessor;

/** Refuses a cross-origin request from an origin not allowed with a 403 problem, not plain text. */
final class ProblemCorsProcessor extends DefaultCorsProcessor {

	private final ObjectMapper json;

	ProblemCorsProcessor(ObjectMapper json) {
		this.json = json;
	}

	@Override
	protected void rejectRequest(ServerHttpResponse response) throws IOException {
		response.setStatusCode(HttpStatus.FORBIDDEN);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		this.json.writeValue(response.getBody(), Problems.problem(HttpStatus.FORBIDDEN, "cors_rejected",
				"Origin not allowed", "This origin may not call the API from a browser."));
		response.flush();
	}

}
