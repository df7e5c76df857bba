package io.autorenew.security;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who signed a token: the deployment itself with {@code AUTH_JWT_SECRET} (HS256), or the
 * OpenID Connect issuer of {@code AUTH_JWT_ISSUER_URI}. {@link TokenDecoder} lets a token's
 * {@code alg} pick the verifier and each verifier accepts only its own algorithms, so a
 * verified token's {@code alg} says which source vouched for it.
 */
enum TokenSource {

	HS256("hs256"), ISSUER("issuer");

	private final String setting;

	TokenSource(String setting) {
		this.setting = setting;
	}

	/** The source of a setting's value ({@code hs256}, {@code issuer}), or {@code null}. */
	static TokenSource of(String setting) {
		for (TokenSource source : values()) {
			if (source.setting.equals(setting)) {
				return source;
			}
		}
		return null;
	}

	/** The source that verified {@code token}. */
	static TokenSource of(Jwt token) {
		return MacAlgorithm.HS256.getName().equals(String.valueOf(token.getHeaders().get("alg"))) ? HS256 : ISSUER;
	}

}
