package io.autorenew.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** Signs HS256 user tokens for tests, the way a frontend's sign-in would. */
public final class Tokens {

	/** The secret the test application verifies with (at least 32 bytes). */
	public static final String SECRET = "test-secret-0123456789-abcdefghij-ABCDEFGHIJ";

	private Tokens() {
	}

	public static String user(String userId) {
		return sign(SECRET, userId, null, Instant.now().plus(Duration.ofHours(1)));
	}

	/** A user's token issued at {@code clock}'s now: for a service whose clock the test moves. */
	public static String user(String userId, java.time.Clock clock) {
		return sign(SECRET, claims(userId, null, clock.instant().plus(Duration.ofHours(1)))
			.issueTime(Date.from(clock.instant())));
	}

	/** An operator's token issued at {@code clock}'s now. */
	public static String admin(java.time.Clock clock) {
		return sign(SECRET, claims("ops-admin", "openid admin", clock.instant().plus(Duration.ofHours(1)))
			.issueTime(Date.from(clock.instant())));
	}

	public static String admin() {
		return sign(SECRET, "ops-admin", "openid admin", Instant.now().plus(Duration.ofHours(1)));
	}

	public static String expired(String userId) {
		return sign(SECRET, userId, null, Instant.now().minus(Duration.ofHours(1)));
	}

	public static String forged(String userId) {
		return sign("another-secret-0123456789-abcdefghij-XYZ", userId, "admin", Instant.now().plus(Duration.ofHours(1)));
	}

	public static String withoutExpiry(String userId) {
		return sign(SECRET, userId, null, null);
	}

	public static String sign(String secret, String subject, String scope, Instant expiresAt) {
		return sign(secret, claims(subject, scope, expiresAt));
	}

	/** The claims of an HS256 token the test application accepts, to add to. */
	public static JWTClaimsSet.Builder claims(String subject, String scope, Instant expiresAt) {
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(subject).issueTime(new Date());
		if (scope != null) {
			claims.claim("scope", scope);
		}
		if (expiresAt != null) {
			claims.expirationTime(Date.from(expiresAt));
		}
		return claims;
	}

	public static String sign(String secret, JWTClaimsSet.Builder claims) {
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
		try {
			jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

}
