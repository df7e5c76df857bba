package io.autorenew.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Refuses a token that lives longer than {@code AUTH_JWT_MAX_TTL}: {@code exp - iat}, or
 * {@code exp - now} for a token without {@code iat}. A leaked 10-year token is worthless;
 * an {@code iat} in the future does not buy a longer lifetime.
 */
final class MaxLifetimeValidator implements OAuth2TokenValidator<Jwt> {

	private static final OAuth2Error TOO_LONG = new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
			"The token lives longer than the service accepts", null);

	private final Duration maxTtl;

	private final Clock clock;

	MaxLifetimeValidator(Duration maxTtl, Clock clock) {
		this.maxTtl = maxTtl;
		this.clock = clock;
	}

	@Override
	public OAuth2TokenValidatorResult validate(Jwt token) {
		Instant expiresAt = token.getExpiresAt();
		if (expiresAt == null) {
			return OAuth2TokenValidatorResult.success();
		}
		Instant now = this.clock.instant();
		Instant issuedAt = token.getIssuedAt();
		Instant from = (issuedAt == null || issuedAt.isAfter(now)) ? now : issuedAt;
		return (Duration.between(from, expiresAt).compareTo(this.maxTtl) > 0) ? OAuth2TokenValidatorResult.failure(TOO_LONG)
				: OAuth2TokenValidatorResult.success();
	}

}
