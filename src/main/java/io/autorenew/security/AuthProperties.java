package io.autorenew.security;

import java.nio.charset.StandardCharsets;

import io.autorenew.InvalidSettingException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How user tokens are verified.
 *
 * @param jwtSecret the HS256 secret ({@code AUTH_JWT_SECRET}), at least 32 bytes
 * @param jwtIssuerUri an OpenID Connect issuer whose JWKS also signs tokens
 * ({@code AUTH_JWT_ISSUER_URI}); blank for none
 * @param jwtAudience when set, tokens must name it in {@code aud} ({@code AUTH_JWT_AUDIENCE})
 */
@ConfigurationProperties("auth")
record AuthProperties(@DefaultValue("") String jwtSecret, @DefaultValue("") String jwtIssuerUri,
		@DefaultValue("") String jwtAudience) {

	static final int MIN_SECRET_BYTES = 32;

	AuthProperties {
		if (jwtSecret == null || jwtSecret.isBlank()) {
			throw new InvalidSettingException("AUTH_JWT_SECRET is not set: set it to a random secret of at least "
					+ MIN_SECRET_BYTES + " bytes (the demo profile generates one)");
		}
		if (jwtSecret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
			throw new InvalidSettingException(
					"AUTH_JWT_SECRET is too short: HS256 needs at least " + MIN_SECRET_BYTES + " bytes");
		}
	}

	byte[] secretBytes() {
		return this.jwtSecret.getBytes(StandardCharsets.UTF_8);
	}

	boolean hasIssuer() {
		return !this.jwtIssuerUri.isBlank();
	}

	boolean hasAudience() {
		return !this.jwtAudience.isBlank();
	}

	@Override
	public String toString() {
		return "AuthProperties[jwtSecret=****, jwtIssuerUri=" + this.jwtIssuerUri + ", jwtAudience="
				+ this.jwtAudience + "]";
	}

}
