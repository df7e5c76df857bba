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
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.StoredKeys;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

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
class OidcIssuerIntegrationTests extends IssuerIntegrationTest {

	private static final String PROMPT = "{\"prompt\":\"hello\"}";

	private static final RSAKey ATTACKER = TokenAttackJwts.rsaKey("attacker");

	@Test
	void issuerTokenForTheAudienceAnalyses() {
		Response response = this.api.analyse(OidcIssuerStub.token(OidcIssuerStub.claims("alice")), PROMPT);

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(OpenRouterStub.chatRequests()).hasSize(1);
		assertThat(StoredKeys.of(OidcIssuerStub.userPrefix() + "alice")).isNotNull();
	}

	/** The issuer's {@code sub=alice} is not the HS256 user {@code alice}: each source has its own ids. */
	@Test
	void issuerSubjectNeverReachesTheHs256UserOfTheSameName() {
		String hs256Key = "sk-or-v1-" + "ab".repeat(32);
		StoredKeys.seed("alice", hs256Key, "hash-of-hs256-alice");
		String issuerAlice = OidcIssuerStub.token(OidcIssuerStub.claims("alice"));

		Response before = this.api.get("/analysis/key", issuerAlice);
		Response analysis = this.api.analyse(issuerAlice, PROMPT);
		Response status = this.api.get("/analysis/key", issuerAlice);

		assertThat(before.code()).isEqualTo("key_not_found");
		assertThat(analysis.json().path("keyProvisioned").asBoolean()).isTrue();
		assertThat(status.json().path("userId").asString()).isEqualTo(OidcIssuerStub.userPrefix() + "alice")
			.matches("oidc-[0-9a-f]{8}:alice");
		assertThat(OpenRouterStub.chatBearers()).doesNotContain(hs256Key);
		assertThat(StoredKeys.of("alice").getString("key_hash")).isEqualTo("hash-of-hs256-alice");
		assertThat(this.api.get("/analysis/key", hs256("alice", null)).json().path("keyHash").asString())
			.isEqualTo("hash-of-hs256-alice");
	}

	/** An admin names an issuer user by the id the key status shows. */
	@Test
	void adminReachesAnIssuerUserByItsPrefixedId() {
		this.api.analyse(OidcIssuerStub.token(OidcIssuerStub.claims("alice")), PROMPT);

		Response status = this.api.get("/admin/users/" + OidcIssuerStub.userPrefix() + "alice/openrouter-key",
				operator());

		assertThat(status.status()).as(status.body()).isEqualTo(200);
		assertThat(status.json().path("userId").asString()).isEqualTo(OidcIssuerStub.userPrefix() + "alice");
	}

	/** An HS256 token may not take an issuer user's id as its {@code sub}. */
	@Test
	void hs256TokenInTheIssuerIdSpaceIsRefused() {
		assertThat(this.api.get("/analysis/key", hs256("alice", null)).code()).isEqualTo("key_not_found");
		assertRefused(hs256(OidcIssuerStub.userPrefix() + "alice", null), "HS256 sub in the issuer id space");
	}

	/**
	 * Tokens with key ids the issuer never published (60 one after another, then 200 at once,
	 * signed by no published key) are refused from the cached JWK set: the issuer's JWKS is
	 * fetched at most once per AUTH_JWKS_REFRESH_MIN, not once per token.
	 */
	@Test
	void tokensWithUnknownKeyIdsNeverHammerTheIssuer() throws Exception {
		assertThat(this.api.analyse(OidcIssuerStub.token(OidcIssuerStub.claims("alice")), PROMPT).status())
			.isEqualTo(200);
		int before = jwksFetches();

		for (int i = 0; i < 60; i++) {
			assertThat(this.api.analyse(unknownKeyId("one-by-one-" + i), PROMPT).status()).isEqualTo(401);
		}
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(50);
		try {
			java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
			List<java.util.concurrent.Future<Integer>> calls = new java.util.ArrayList<>();
			for (int i = 0; i < 200; i++) {
				String token = unknownKeyId("together-" + i);
				calls.add(pool.submit(() -> {
					start.await(5, java.util.concurrent.TimeUnit.SECONDS);
					return this.api.analyse(token, PROMPT).status();
				}));
			}
			start.countDown();
			for (java.util.concurrent.Future<Integer> call : calls) {
				assertThat(call.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(401);
			}
		}
		finally {
			pool.shutdownNow();
		}

		assertThat(jwksFetches() - before).as("JWKS fetches for 260 tokens with unknown key ids")
			.isLessThanOrEqualTo(2);
		assertThat(this.api.analyse(OidcIssuerStub.token(OidcIssuerStub.claims("alice")), PROMPT).status())
			.as("the issuer's own tokens keep working").isEqualTo(200);
	}

	@Test
	void anIssuerTokenLivingLongerThanTheMaxTtlIsRefused() {
		Instant now = Instant.now();
		String tenYears = OidcIssuerStub.token(OidcIssuerStub.claims("alice")
			.issueTime(java.util.Date.from(now))
			.expirationTime(java.util.Date.from(now.plus(java.time.Duration.ofDays(3650)))));

		assertThat(this.api.analyse(tenYears, PROMPT).status()).isEqualTo(401);
		assertThat(OpenRouterStub.chatRequests()).isEmpty();
	}

	private static String unknownKeyId(String keyId) {
		return TokenAttackJwts.rs256ByNobody(keyId, OidcIssuerStub.claims("mallory").build());
	}

	private static int jwksFetches() {
		return OpenRouterStub.requests("GET", "/issuer/jwks").size();
	}

	@Test
	void protectedResourceMetadataNamesTheIssuer() {
		Response metadata = this.api.get("/.well-known/oauth-protected-resource", null);

		assertThat(metadata.status()).isEqualTo(200);
		assertThat(metadata.json().path("authorization_servers").values()).extracting(JsonNode::asString)
			.containsExactly(OidcIssuerStub.uri());
	}

	@Test
	void wrongOrMissingAudienceIsRefused() {
		assertRefused(OidcIssuerStub.token(OidcIssuerStub.claims("alice").audience("another-api")), "another audience");
		assertRefused(OidcIssuerStub.token(OidcIssuerStub.claims("alice").audience((String) null)), "no audience");
	}

	@Test
	void wrongOrMissingIssuerIsRefused() {
		assertRefused(OidcIssuerStub.token(OidcIssuerStub.claims("alice").issuer("https://evil.example/issuer")), "another issuer");
		assertRefused(OidcIssuerStub.token(OidcIssuerStub.claims("alice").issuer(OidcIssuerStub.uri() + "/")), "issuer with a trailing slash");
		assertRefused(OidcIssuerStub.token(OidcIssuerStub.claims("alice").issuer(null)), "no issuer");
	}

	@Test
	void tokenSignedByAnotherKeyIsRefused() {
		RSAKey impostor = TokenAttackJwts.rsaKey("impostor", OidcIssuerStub.KEY.getKeyID());

		assertRefused(TokenAttackJwts.rs256(impostor, OidcIssuerStub.claims("alice").build()), "another key, the issuer's kid");
		assertRefused(TokenAttackJwts.rs256(ATTACKER, OidcIssuerStub.claims("alice").build()), "another key, its own kid");
	}

	@Test
	void keyEmbeddedInTheTokenIsNotTrusted() {
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(OidcIssuerStub.KEY.getKeyID())
			.jwk(ATTACKER.toPublicJWK())
			.build();

		assertRefused(TokenAttackJwts.rs256(ATTACKER, header, OidcIssuerStub.claims("alice").build()), "embedded jwk");
	}

	@Test
	void keySetTheTokenPointsAtIsNotFetched() {
		OpenRouterStub.stub(get(urlPathEqualTo("/evil/jwks"))
			.willReturn(OpenRouterStub.json(200, new JWKSet(ATTACKER.toPublicJWK()).toString())));
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(ATTACKER.getKeyID())
			.jwkURL(URI.create(OpenRouterStub.server().baseUrl() + "/evil/jwks"))
			.build();

		assertRefused(TokenAttackJwts.rs256(ATTACKER, header, OidcIssuerStub.claims("alice").build()), "jku");
		assertThat(OpenRouterStub.requests("GET", "/evil")).isEmpty();
	}

	@Test
	void sharedSecretTokenWithTheAudienceStillWorks() {
		Response response = this.api.analyse(TokenAttackJwts.hs256(Tokens.SECRET,
				OidcIssuerStub.claims("alice").issuer(HS256_ISSUER).build()), PROMPT);

		assertThat(response.status()).as(response.body()).isEqualTo(200);
	}

	@Test
	void sharedSecretTokenWithoutTheAudienceIsRefused() {
		assertRefused(Tokens.user("alice"), "HS256 without aud");
	}

	@Test
	void hs256SignedWithTheIssuersPublicKeyIsRefused() {
		JWTClaimsSet claims = OidcIssuerStub.claims("alice").claim("scope", "admin").build();

		assertRefused(TokenAttackJwts.hs256(TokenAttackJwts.publicKeyBytes(OidcIssuerStub.KEY), claims), "DER public key");
		assertRefused(TokenAttackJwts.hs256(TokenAttackJwts.publicKeyPem(OidcIssuerStub.KEY), claims), "PEM public key");
		assertRefused(TokenAttackJwts.hs256(OidcIssuerStub.KEY.toPublicJWK().toJSONString(), claims), "JWK JSON");
		assertRefused(TokenAttackJwts.hs256(OidcIssuerStub.jwks().getBytes(StandardCharsets.UTF_8), claims),
				"JWKS document");
	}

	@Test
	void algNoneWithTheIssuersClaimsIsRefused() {
		assertRefused(TokenAttackJwts.unsigned("{\"alg\":\"none\"}", OidcIssuerStub.claims("alice").build()), "alg none");
	}

	@Test
	void expiredIssuerTokenIsRefused() {
		Instant expiry = Instant.now().minusSeconds(120);
		JWTClaimsSet claims = OidcIssuerStub.claims("alice").issueTime(Date.from(expiry.minusSeconds(3600)))
			.expirationTime(Date.from(expiry))
			.build();

		assertRefused(TokenAttackJwts.rs256(OidcIssuerStub.KEY, claims), "expired");
	}



	private void assertRefused(String token, String what) {
		Response response = this.api.analyse(token, PROMPT);

		assertThat(response.status()).as("%s: %s", what, response.body()).isEqualTo(401);
		assertThat(response.code()).as(what).isEqualTo("unauthorized");
		assertThat(OpenRouterStub.chatRequests()).as("chat calls").isEmpty();
		assertThat(OpenRouterStub.mintRequests()).as("mints").isEmpty();
		assertThat(StoredKeys.all()).as("stored keys").isEmpty();
	}




}
