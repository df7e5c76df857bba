package io.autorenew.security;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * Finds the user's token in {@code Authorization: Bearer}, and on the Anthropic Messages API
 * ({@code /v1/messages}) also in {@code x-api-key}, where Anthropic SDKs (and Claude Code with
 * an API key) send it. The bearer header wins when both are sent.
 * <p>
 * A well-formed bearer header on a request that cannot carry an {@code access_token}
 * parameter (not a GET, not a form) is read by hand: the same rule as Spring Security's
 * {@link DefaultBearerTokenResolver}, without its regular expression, which the P1 profile
 * showed at 2.5 % of a request's CPU on a 300-character token. Anything else (no header, a
 * malformed one, a GET or a form) goes to Spring's resolver, which decides and words its
 * refusals as before.
 */
final class ApiKeyTokenResolver implements BearerTokenResolver {

	static final String MESSAGES = "/v1/messages";

	private static final String BEARER = "Bearer ";

	private final DefaultBearerTokenResolver bearer = new DefaultBearerTokenResolver();

	@Override
	public String resolve(HttpServletRequest request) {
		String token = wellFormedBearer(request);
		if (token == null) {
			token = this.bearer.resolve(request);
		}
		if (token != null || !MESSAGES.equals(request.getRequestURI())) {
			return token;
		}
		String apiKey = request.getHeader("x-api-key");
		return (apiKey != null && !apiKey.isBlank()) ? apiKey.trim() : null;
	}

	/** The token of a well-formed bearer header on a request without parameter tokens; else {@code null}. */
	private static String wellFormedBearer(HttpServletRequest request) {
		if ("GET".equals(request.getMethod()) || isForm(request.getContentType())) {
			return null;
		}
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())
				|| !isToken68(header, BEARER.length())) {
			return null;
		}
		return header.substring(BEARER.length());
	}

	private static boolean isForm(String contentType) {
		return contentType != null && contentType.regionMatches(true, 0, MediaType.APPLICATION_FORM_URLENCODED_VALUE,
				0, MediaType.APPLICATION_FORM_URLENCODED_VALUE.length());
	}

	/** RFC 6750's {@code b64token}, as Spring's pattern has it: {@code [A-Za-z0-9-._~+/]+=*}. */
	static boolean isToken68(String text, int from) {
		int end = text.length();
		int padding = end;
		while (padding > from && text.charAt(padding - 1) == '=') {
			padding--;
		}
		if (padding == from) {
			return false;
		}
		for (int i = from; i < padding; i++) {
			char c = text.charAt(i);
			boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
					|| c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
			if (!allowed) {
				return false;
			}
		}
		return true;
	}

}
