package io.autorenew.security;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import io.autorenew.support.Api.Response;
import io.autorenew.support.IntegrationTest;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.StoredKeys;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A frontend's identity provider signs tokens: with {@code AUTH_JWT_ISSUER_URI} set (an
 * issuer served by WireMock, with OIDC discovery and a JWKS) and {@code AUTH_JWT_AUDIENCE},
 * RS256 tokens from that issuer for that audience get in, and nothing else does: not another
 * issuer, audience or key, not an embedded or remote key the token points at, and not the
 * issuer's public key used as an HMAC secret.
 */
@TestPropertySource(properties = "AUTH_JWT_AUDIENCE=" + OidcIssuerIntegrationTests.AUDIENCE)
class OidcIssuerIntegrationTests extends IntegrationTest {

	static final String AUDIENCE = "analysis-api";

	private static final String PROMPT = "{\"prompt\":\"hello\"}";

	private static final RSAKey ISSUER_KEY = TokenAttackJwts.rsaKey("issuer-key-1");

	private static final RSAKey ATTACKER = TokenAttackJwts.rsaKey("attacker");

	@DynamicPropertySource
	static void issuer(DynamicPropertyRegistry registry) {
		stubIssuer();
		registry.add("AUTH_JWT_ISSUER_URI", OidcIssuerIntegrationTests::issuerUri);
	}

	@BeforeEach
	void issuerIsUp() {
		stubIssuer();
	}

	@Test
	void issuerTokenForTheAudienceAnalyses() {
		Response response = this.api.analyse(issuerToken(claims("alice")), PROMPT);

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(OpenRouterStub.chatRequests()).hasSize(1);
		assertThat(StoredKeys.of("alice")).isNotNull();
	}

	@Test
	void issuerTokenCarriesTheAdminScope() {
		Response response = this.api.get("/admin/users/alice/openrouter-key",
				issuerToken(claims("ops").claim("scope", "admin")));

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.code()).isEqualTo("key_not_found");
	}

	@Test
	void protectedResourceMetadataNamesTheIssuer() {
		Response metadata = this.api.get("/.well-known/oauth-protected-resource", null);

		assertThat(metadata.status()).isEqualTo(200);
		assertThat(metadata.json().path("authorization_servers").values()).extracting(JsonNode::asString)
			.containsExactly(issuerUri());
	}

	@Test
	void wrongOrMissingAudienceIsRefused() {
		assertRefused(issuerToken(claims("alice").audience("another-api")), "another audience");
		assertRefused(issuerToken(claims("alice").audience((String) null)), "no audience");
	}

	@Test
	void wrongOrMissingIssuerIsRefused() {
		assertRefused(issuerToken(claims("alice").issuer("https://evil.example/issuer")), "another issuer");
		assertRefused(issuerToken(claims("alice").issuer(issuerUri() + "/")), "issuer with a trailing slash");
		assertRefused(issuerToken(claims("alice").issuer(null)), "no issuer");
	}

	@Test
	void tokenSignedByAnotherKeyIsRefused() {
		RSAKey impostor = TokenAttackJwts.rsaKey(ISSUER_KEY.getKeyID());

		assertRefused(TokenAttackJwts.rs256(impostor, claims("alice").build()), "another key, the issuer's kid");
		assertRefused(TokenAttackJwts.rs256(ATTACKER, claims("alice").build()), "another key, its own kid");
	}

	@Test
	void keyEmbeddedInTheTokenIsNotTrusted() {
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(ISSUER_KEY.getKeyID())
			.jwk(ATTACKER.toPublicJWK())
			.build();

		assertRefused(TokenAttackJwts.rs256(ATTACKER, header, claims("alice").build()), "embedded jwk");
	}

	@Test
	void keySetTheTokenPointsAtIsNotFetched() {
		OpenRouterStub.stub(get(urlPathEqualTo("/evil/jwks"))
			.willReturn(OpenRouterStub.json(200, new JWKSet(ATTACKER.toPublicJWK()).toString())));
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(ATTACKER.getKeyID())
			.jwkURL(URI.create(OpenRouterStub.server().baseUrl() + "/evil/jwks"))
			.build();

		assertRefused(TokenAttackJwts.rs256(ATTACKER, header, claims("alice").build()), "jku");
		assertThat(OpenRouterStub.requests("GET", "/evil")).isEmpty();
	}

	@Test
	void sharedSecretTokenWithTheAudienceStillWorks() {
		Response response = this.api.analyse(TokenAttackJwts.hs256(Tokens.SECRET, claims("alice").build()), PROMPT);

		assertThat(response.status()).as(response.body()).isEqualTo(200);
	}

	@Test
	void sharedSecretTokenWithoutTheAudienceIsRefused() {
		assertRefused(Tokens.user("alice"), "HS256 without aud");
	}

	@Test
	void hs256SignedWithTheIssuersPublicKeyIsRefused() {
		JWTClaimsSet claims = claims("alice").claim("scope", "admin").build();

		assertRefused(TokenAttackJwts.hs256(TokenAttackJwts.publicKeyBytes(ISSUER_KEY), claims), "DER public key");
		assertRefused(TokenAttackJwts.hs256(TokenAttackJwts.publicKeyPem(ISSUER_KEY), claims), "PEM public key");
		assertRefused(TokenAttackJwts.hs256(ISSUER_KEY.toPublicJWK().toJSONString(), claims), "JWK JSON");
		assertRefused(TokenAttackJwts.hs256(jwks().getBytes(StandardCharsets.UTF_8), claims),
				"JWKS document");
	}

	@Test
	void algNoneWithTheIssuersClaimsIsRefused() {
		assertRefused(TokenAttackJwts.unsigned("{\"alg\":\"none\"}", claims("alice").build()), "alg none");
	}

	@Test
	void expiredIssuerTokenIsRefused() {
		Instant expiry = Instant.now().minusSeconds(120);
		JWTClaimsSet claims = claims("alice").issueTime(Date.from(expiry.minusSeconds(3600)))
			.expirationTime(Date.from(expiry))
			.build();

		assertRefused(TokenAttackJwts.rs256(ISSUER_KEY, claims), "expired");
	}

	private static JWTClaimsSet.Builder claims(String subject) {
		return TokenAttackJwts.claims(subject).issuer(issuerUri()).audience(List.of(AUDIENCE));
	}

	private static String issuerToken(JWTClaimsSet.Builder claims) {
		return TokenAttackJwts.rs256(ISSUER_KEY, claims.build());
	}

	private void assertRefused(String token, String what) {
		Response response = this.api.analyse(token, PROMPT);

		assertThat(response.status()).as("%s: %s", what, response.body()).isEqualTo(401);
		assertThat(response.code()).as(what).isEqualTo("unauthorized");
		assertThat(OpenRouterStub.chatRequests()).as("chat calls").isEmpty();
		assertThat(OpenRouterStub.mintRequests()).as("mints").isEmpty();
		assertThat(StoredKeys.all()).as("stored keys").isEmpty();
	}

	static String issuerUri() {
		return OpenRouterStub.server().baseUrl() + "/issuer";
	}

	private static String jwks() {
		return new JWKSet(ISSUER_KEY.toPublicJWK()).toString();
	}

	/** The issuer's discovery document and key set, as WireMock serves them. */
	private static void stubIssuer() {
		String discovery = """
				{"issuer":"%1$s","jwks_uri":"%1$s/jwks","subject_types_supported":["public"],
				 "response_types_supported":["code"],"id_token_signing_alg_values_supported":["RS256"]}"""
			.formatted(issuerUri());
		OpenRouterStub.stub(get(urlPathEqualTo("/issuer/.well-known/openid-configuration"))
			.willReturn(OpenRouterStub.json(200, discovery)));
		OpenRouterStub.stub(get(urlPathEqualTo("/issuer/jwks")).willReturn(OpenRouterStub.json(200, jwks())));
	}

}
