package io.autorenew.security;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * Finds the user's token in {@code Authorization: Bearer}, and on the Anthropic Messages API
 * ({@code /v1/messages}) also in {@code x-api-key}, where Anthropic SDKs (and Claude Code with
 * an API key) send it. The bearer header wins when both are sent.
 */
final class ApiKeyTokenResolver implements BearerTokenResolver {

	static final String MESSAGES = "/v1/messages";

	private final DefaultBearerTokenResolver bearer = new DefaultBearerTokenResolver();

	@Override
	public String resolve(HttpServletRequest request) {
		String token = this.bearer.resolve(request);
		if (token != null || !MESSAGES.equals(request.getRequestURI())) {
			return token;
		}
		String apiKey = request.getHeader("x-api-key");
		return (apiKey != null && !apiKey.isBlank()) ? apiKey.trim() : null;
	}

}
