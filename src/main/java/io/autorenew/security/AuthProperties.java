package io.autorenew.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

import io.autorenew.InvalidSettingException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How user tokens are verified, and what makes a token an admin's.
 *
 * @param jwtSecret the HS256 secret (at least 32 bytes) that signs user tokens; required, even with an
 * issuer. Unset or shorter: start-up fails with a one-line message (the demo generates one)
 * ({@code AUTH_JWT_SECRET})
 * @param jwtIssuer when set, every HS256 token must carry it as {@code iss} ({@code AUTH_JWT_ISSUER})
 * @param jwtMaxTtl the longest lifetime of a token, HS256 or the issuer's ({@code exp - iat}; {@code exp - now}
 * without {@code iat}); a longer one gets 401 ({@code AUTH_JWT_MAX_TTL})
 * @param jwtIssuerUri an OpenID Connect issuer whose JWKS also signs user tokens (RS, PS, ES); its discovery
 * document is read on the first issuer-signed token (unreachable: those tokens get 401 until it answers).
 * Empty: HS256 tokens only ({@code AUTH_JWT_ISSUER_URI})
 * @param jwtAudience when set, every token must list it in {@code aud} ({@code AUTH_JWT_AUDIENCE})
 * @param adminSource the only token source whose tokens can be an admin's: {@code hs256}, or {@code issuer}
 * (which needs {@code AUTH_JWT_ISSUER_URI}) ({@code AUTH_ADMIN_SOURCE})
 * @param adminClaim the claim that grants admin ({@code AUTH_ADMIN_CLAIM})
 * @param jwtSecretPrevious the HS256 secret being rotated out: tokens it signed are still accepted, with
 * every other check, until it is removed (see docs/production.md, Rotating secrets)
 * ({@code AUTH_JWT_SECRET_PREVIOUS})
 * @param adminValue the value that claim must hold: the whole string, one of its space-separated words, or an
 * element of an array ({@code AUTH_ADMIN_VALUE})
 */
@ConfigurationProperties("auth")
record AuthProperties(@DefaultValue("") String jwtSecret, @DefaultValue("") String jwtIssuer,
		@DefaultValue("24h") Duration jwtMaxTtl, @DefaultValue("") String jwtIssuerUri,
		@DefaultValue("") String jwtAudience, @DefaultValue("hs256") String adminSource,
		@DefaultValue("scope") String adminClaim, @DefaultValue("admin") String adminValue,
		@DefaultValue("") String jwtSecretPrevious) {

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
		if (!jwtSecretPrevious.isBlank()
				&& jwtSecretPrevious.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
			throw new InvalidSettingException(
					"AUTH_JWT_SECRET_PREVIOUS is too short: HS256 needs at least " + MIN_SECRET_BYTES + " bytes");
		}
		if (jwtMaxTtl.isNegative() || jwtMaxTtl.isZero()) {
			throw new InvalidSettingException("AUTH_JWT_MAX_TTL must be a positive duration such as 24h");
		}
		adminSource = adminSource.trim().toLowerCase(Locale.ROOT);
		if (TokenSource.of(adminSource) == null) {
			throw new InvalidSettingException(
					"AUTH_ADMIN_SOURCE must be hs256 or issuer, not '" + adminSource + "'");
		}
		if (TokenSource.of(adminSource) == TokenSource.ISSUER && jwtIssuerUri.isBlank()) {
			throw new InvalidSettingException("AUTH_ADMIN_SOURCE is issuer but AUTH_JWT_ISSUER_URI is not set");
		}
		if (adminClaim.isBlank() || adminValue.isBlank()) {
			throw new InvalidSettingException("AUTH_ADMIN_CLAIM and AUTH_ADMIN_VALUE must not be blank");
		}
	}

	byte[] secretBytes() {
		return this.jwtSecret.getBytes(StandardCharsets.UTF_8);
	}

	/** The previous secret's bytes, or {@code null} when no rotation is under way. */
	byte[] previousSecretBytes() {
		return this.jwtSecretPrevious.isBlank() ? null : this.jwtSecretPrevious.getBytes(StandardCharsets.UTF_8);
	}

	boolean hasIssuer() {
		return !this.jwtIssuerUri.isBlank();
	}

	boolean hasAudience() {
		return !this.jwtAudience.isBlank();
	}

	boolean checksHs256Issuer() {
		return !this.jwtIssuer.isBlank();
	}

	TokenSource admins() {
		return TokenSource.of(this.adminSource);
	}

	@Override
	public String toString() {
		return "AuthProperties[jwtSecret=****, jwtSecretPrevious="
				+ (this.jwtSecretPrevious.isBlank() ? "(unset)" : "****") + ", jwtIssuer=" + this.jwtIssuer + ", jwtMaxTtl=" + this.jwtMaxTtl
				+ ", jwtIssuerUri=" + this.jwtIssuerUri + ", jwtAudience=" + this.jwtAudience + ", adminSource="
				+ this.adminSource + ", adminClaim=" + this.adminClaim + ", adminValue=" + this.adminValue + "]";
	}

}
