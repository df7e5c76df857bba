package io.autorenew.security;

import java.io.IOException;

import io.autorenew.web.Failure;
import io.autorenew.web.ProblemWriter;
import io.autorenew.web.SecurityHeaders;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
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

	private final ProblemWriter problems;

	SecurityProblemHandler(ProblemWriter problems) {
		this.problems = problems;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		TokenRefusal refusal = TokenRefusal.of(authException);
		log.debug("401 on {} {}: {}", request.getMethod(), request.getRequestURI(), refusal.detail());
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, refusal.challenge());
		this.problems.write(request, response, Failure.UNAUTHORIZED.with(refusal.detail()));
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) throws IOException {
		this.problems.write(request, response, Failure.FORBIDDEN.with(
				request.getRequestURI().startsWith("/admin/") || request.getRequestURI().startsWith("/actuator/")
						? "This needs an admin token: one whose admin claim (AUTH_ADMIN_CLAIM) holds AUTH_ADMIN_VALUE."
						: "The token does not grant access to this resource."));
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			RequestRejectedException requestRejectedException) throws IOException {
		SecurityHeaders.apply(response);
		this.problems.write(request, response, Failure.INVALID_REQUEST.with("The request URL or headers are not acceptable."));
	}

}
