package io.autorenew.security;

import java.io.IOException;

import io.autorenew.web.ErrorBodies;
import io.autorenew.web.Problems;
import io.autorenew.web.SecurityHeaders;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Answers requests that security turns away with problem details: 401 {@code unauthorized}
 * for a missing, malformed, forged or expired token, 403 {@code forbidden} for a valid token
 * without the needed scope, 400 {@code invalid_request} for a request the firewall refuses
 * (encoded slashes, path traversal, illegal characters). The detail never repeats the token.
 */
final class SecurityProblemHandler implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

	private static final Logger log = LoggerFactory.getLogger(SecurityProblemHandler.class);

	private final ObjectMapper json;

	private final ErrorBodies bodies;

	SecurityProblemHandler(ObjectMapper json, ErrorBodies bodies) {
		this.json = json;
		this.bodies = bodies;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		TokenRefusal refusal = TokenRefusal.of(authException);
		log.debug("401 on {} {}: {}", request.getMethod(), request.getRequestURI(), refusal.detail());
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, refusal.challenge());
		write(request, response,
				Problems.problem(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", refusal.detail()));
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) throws IOException {
		write(request, response, Problems.problem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
				request.getRequestURI().startsWith("/admin/") || request.getRequestURI().startsWith("/actuator/")
						? "This needs an admin token: one whose admin claim (AUTH_ADMIN_CLAIM) holds AUTH_ADMIN_VALUE."
						: "The token does not grant access to this resource."));
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			RequestRejectedException requestRejectedException) throws IOException {
		SecurityHeaders.apply(response);
		write(request, response, Problems.problem(HttpStatus.BAD_REQUEST, "invalid_request", "Invalid request",
				"The request URL or headers are not acceptable."));
	}

	private void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
			throws IOException {
		response.setStatus(problem.getStatus());
		response.setContentType(this.bodies.contentType(request).toString());
		this.json.writeValue(response.getOutputStream(), this.bodies.body(request, problem));
	}

}
