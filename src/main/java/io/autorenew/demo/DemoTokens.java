package io.autorenew.demo;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Signs the demo's HS256 tokens with the service's own secret: the demo user's and the demo
 * admin's, as the start-up banner prints them and the demo page signs in with.
 */
final class DemoTokens {

	static final String USER = "demo-user";

	static final String ADMIN = "demo-admin";

	private final byte[] secret;

	private final Clock clock;

	DemoTokens(String secret, Clock clock) {
		this.secret = secret.getBytes(StandardCharsets.UTF_8);
		this.clock = clock;
	}

	/** A token for {@value #USER}, valid for {@code lifetime} from now. */
	Signed user(Duration lifetime) throws JOSEException {
		return sign(new JWTClaimsSet.Builder().subject(USER), lifetime);
	}

	/** A token for {@value #ADMIN}, with the admin scope. */
	Signed admin(Duration lifetime) throws JOSEException {
		return sign(new JWTClaimsSet.Builder().subject(ADMIN).claim("scope", "admin"), lifetime);
	}

	private Signed sign(JWTClaimsSet.Builder claims, Duration lifetime) throws JOSEException {
		Instant now = this.clock.instant();
		Instant expiresAt = now.plus(lifetime);
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
				claims.issueTime(Date.from(now)).expirationTime(Date.from(expiresAt)).build());
		jwt.sign(new MACSigner(this.secret));
		return new Signed(jwt.serialize(), expiresAt);
	}

	/** A signed token and when it expires. */
	record Signed(String token, Instant expiresAt) {

		@Override
		public String toString() {
			return "Signed[token=(hidden), expiresAt=" + this.expiresAt + "]";
		}

	}

}
