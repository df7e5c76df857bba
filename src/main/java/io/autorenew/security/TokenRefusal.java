package io.autorenew.security;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Why a token was refused, in the few classes RFC 6750 lets a caller act on and no more: no
 * Bearer token at all, a token that expired (and when), a signature that does not verify, an
 * issuer (or audience) that is not accepted, or a token that is not valid otherwise. Never
 * holds the token, nor which part of a valid-looking token failed beyond these classes.
 *
 * @param missing whether no Bearer token was sent (then the challenge carries no error code)
 * @param detail what the caller is told
 */
record TokenRefusal(boolean missing, String detail) {

	private static final Pattern EXPIRED_AT = Pattern.compile("expired at (\\S+)");

	static TokenRefusal of(AuthenticationException failure) {
		if (failure instanceof InsufficientAuthenticationException) {
			return new TokenRefusal(true, "No Bearer token: send it as `Authorization: Bearer <token>`.");
		}
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof JwtValidationException invalid) {
				for (OAuth2Error error : invalid.getErrors()) {
					String description = String.valueOf(error.getDescription());
					Matcher expired = EXPIRED_AT.matcher(description);
					if (expired.find()) {
						return new TokenRefusal(false, "The token expired at " + expired.group(1) + ".");
					}
					String lower = description.toLowerCase(Locale.ROOT);
					if (lower.contains("iss") || lower.contains("aud")) {
						return new TokenRefusal(false, "The token's issuer or audience is not accepted.");
					}
				}
			}
		}
		String message = String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT);
		if (message.contains("signature") || message.contains("algorithm")) {
			return new TokenRefusal(false, "The token's signature does not verify.");
		}
		if (message.contains("bearer token is malformed") || message.contains("not found")) {
			return new TokenRefusal(false, "No Bearer token: the Authorization header is malformed.");
		}
		return new TokenRefusal(false, "The token is not valid.");
	}

	/** The {@code WWW-Authenticate} challenge (RFC 6750, section 3). */
	String challenge() {
		return this.missing ? "Bearer"
				: "Bearer error=\"invalid_token\", error_description=\"" + this.detail.replace("\"", "'") + "\"";
	}

}
