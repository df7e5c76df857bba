package io.autorenew.security;

import java.util.List;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import io.autorenew.support.OpenRouterStub;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * An OpenID Connect issuer served by WireMock under {@code /issuer}: its discovery document
 * and key set, and RS256 tokens signed with its key.
 */
public final class OidcIssuerStub {

	public static final String AUDIENCE = "analysis-api";

	static final RSAKey KEY = TokenAttackJwts.rsaKey("issuer-key-1");

	private OidcIssuerStub() {
	}

	public static String uri() {
		return OpenRouterStub.server().baseUrl() + "/issuer";
	}

	/** The id prefix of this issuer's users. */
	static String userPrefix() {
		return TokenAuthenticationConverter.issuerPrefix(uri());
	}

	static String jwks() {
		return new JWKSet(KEY.toPublicJWK()).toString();
	}

	/** Serves the discovery document and the key set. */
	public static void stub() {
		String discovery = """
				{"issuer":"%1$s","jwks_uri":"%1$s/jwks","subject_types_supported":["public"],
				 "response_types_supported":["code"],"id_token_signing_alg_values_supported":["RS256"]}"""
			.formatted(uri());
		OpenRouterStub.stub(get(urlPathEqualTo("/issuer/.well-known/openid-configuration"))
			.willReturn(OpenRouterStub.json(200, discovery)));
		OpenRouterStub.stub(get(urlPathEqualTo("/issuer/jwks")).willReturn(OpenRouterStub.json(200, jwks())));
	}

	/** Claims of a valid token of this issuer for {@link #AUDIENCE}. */
	public static JWTClaimsSet.Builder claims(String subject) {
		return TokenAttackJwts.claims(subject).issuer(uri()).audience(List.of(AUDIENCE));
	}

	public static String token(JWTClaimsSet.Builder claims) {
		return TokenAttackJwts.rs256(KEY, claims.build());
	}

}
