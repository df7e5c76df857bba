package io.autorenew.security;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import io.autorenew.support.Api.Response;
import io.autorenew.support.IntegrationTest;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.StoredKeys;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forged, unsigned, confused, stale and misplaced tokens get 401 {@code unauthorized}; valid
 * tokens without exactly the {@code admin} scope get 403 {@code forbidden} on admin paths.
 * None of them reaches OpenRouter or touches the store. Runs without an OIDC issuer.
 */
class TokenAttackIntegrationTests extends IntegrationTest {

	private static final String PROMPT = "{\"prompt\":\"hello\"}";

	private static final String ADMIN_PATH = "/admin/users/alice/openrouter-key";

	private static final RSAKey ATTACKER = TokenAttackJwts.rsaKey("attacker");

	@Test
	void algNoneIsRefused() {
		JWTClaimsSet claims = TokenAttackJwts.claims("alice").claim("scope", "admin").build();
		for (String header : List.of("{\"alg\":\"none\"}", "{\"alg\":\"None\",\"typ\":\"JWT\"}",
				"{\"alg\":\"NONE\"}", "{\"alg\":\"nOnE\"}")) {
			String token = TokenAttackJwts.unsigned(header, claims);
			assertRefused(this.api.analyse(token, PROMPT), header);
			assertRefused(this.api.get(ADMIN_PATH, token), header);
		}
	}

	@Test
	void hs256HeaderWithoutASignatureIsRefused() {
		String token = TokenAttackJwts.unsigned("{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
				TokenAttackJwts.claims("alice").build());

		assertRefused(this.api.analyse(token, PROMPT), "empty signature");
	}

	@Test
	void hs256SignedWithAnotherSecretIsRefused() {
		String token = TokenAttackJwts.hs256("another-secret-0123456789-abcdefghij-XYZ",
				TokenAttackJwts.claims("alice").build());

		assertRefused(this.api.analyse(token, PROMPT), "wrong secret");
	}

	@Test
	void rs256TokenIsRefusedWhenNoIssuerIsConfigured() {
		String token = TokenAttackJwts.rs256(ATTACKER, TokenAttackJwts.claims("alice").claim("scope", "admin").build());

		assertRefused(this.api.analyse(token, PROMPT), "RS256");
		assertRefused(this.api.get(ADMIN_PATH, token), "RS256 admin");
	}

	@Test
	void hs256SignedWithAnRsaPublicKeyIsRefused() {
		JWTClaimsSet claims = TokenAttackJwts.claims("alice").build();

		assertRefused(this.api.analyse(TokenAttackJwts.hs256(TokenAttackJwts.publicKeyBytes(ATTACKER), claims), PROMPT),
				"DER public key as secret");
		assertRefused(this.api.analyse(TokenAttackJwts.hs256(TokenAttackJwts.publicKeyPem(ATTACKER), claims), PROMPT),
				"PEM public key as secret");
	}

	@Test
	void expiredBeyondTheClockSkewIsRefused() {
		assertRefused(this.api.analyse(expiringIn(Duration.ofSeconds(-40)), PROMPT), "expired 40 s ago");
		assertRefused(this.api.analyse(expiringIn(Duration.ofHours(-1)), PROMPT), "expired an hour ago");
	}

	@Test
	void expiredWithinTheClockSkewIsAccepted() {
		Response response = this.api.analyse(expiringIn(Duration.ofSeconds(-20)), PROMPT);

		assertThat(response.status()).as(response.body()).isEqualTo(200);
	}

	@Test
	void notYetValidBeyondTheClockSkewIsRefused() {
		assertRefused(this.api.analyse(notBefore(Duration.ofSeconds(60)), PROMPT), "nbf in 60 s");
		assertRefused(this.api.analyse(notBefore(Duration.ofDays(1)), PROMPT), "nbf tomorrow");
	}

	@Test
	void notYetValidWithinTheClockSkewIsAccepted() {
		Response response = this.api.analyse(notBefore(Duration.ofSeconds(10)), PROMPT);

		assertThat(response.status()).as(response.body()).isEqualTo(200);
	}

	@Test
	void tokenWithoutExpiryIsRefused() {
		assertRefused(this.api.analyse(Tokens.withoutExpiry("alice"), PROMPT), "no exp");
	}

	@Test
	void tokenWithoutSubjectIsRefused() {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().expirationTime(Date.from(Instant.now().plusSeconds(3600)))
			.claim("scope", "admin")
			.build();

		assertRefused(this.api.analyse(TokenAttackJwts.hs256(Tokens.SECRET, claims), PROMPT), "no sub");
		assertRefused(this.api.get(ADMIN_PATH, TokenAttackJwts.hs256(Tokens.SECRET, claims)), "no sub, admin");
	}

	@ParameterizedTest(name = "sub \"{0}\"")
	@ValueSource(strings = { "a/b", "../admin", "alice bob", "", " ", "al\u0000ice", "\u00e9l\u00e8ve", "$where",
			"{\"$ne\":null}", "<script>", "a\nb" })
	void subjectWithIllegalCharactersIsRefused(String subject) {
		assertRefused(this.api.analyse(Tokens.user(subject), PROMPT), subject);
	}

	@ParameterizedTest(name = "sub of {0} characters")
	@ValueSource(ints = { 129, 200, 1_000 })
	void overlongSubjectIsRefused(int length) {
		assertRefused(this.api.analyse(Tokens.user("u".repeat(length)), PROMPT), length + " chars");
	}

	@Test
	void subjectOf128CharactersIsAccepted() {
		Response response = this.api.analyse(Tokens.user("u".repeat(128)), PROMPT);

		assertThat(response.status()).as(response.body()).isEqualTo(200);
	}

	@ParameterizedTest(name = "scope \"{0}\"")
	@ValueSource(strings = { "administrator", "admin-ish", "Admin", "ADMIN", "admin:read", "openid", "SCOPE_admin",
			"admins", "" })
	void scopeThatIsNotExactlyAdminIsForbiddenOnAdminPaths(String scope) {
		String token = Tokens.sign(Tokens.SECRET, "mallory", scope, Instant.now().plusSeconds(3600));

		assertForbidden(this.api.get(ADMIN_PATH, token));
		assertForbidden(this.api.postEmpty(ADMIN_PATH, token));
		assertForbidden(this.api.delete(ADMIN_PATH, token));
		assertForbidden(this.api.get(ADMIN_PATH + "/events", token));
		assertForbidden(this.api.get("/actuator/metrics", token));
	}

	@Test
	void scpArrayWithAdminIsAPlainUser() {
		String token = TokenAttackJwts.hs256(Tokens.SECRET,
				TokenAttackJwts.claims("mallory").claim("scp", List.of("admin")).build());

		assertForbidden(this.api.get(ADMIN_PATH, token));
		assertThat(this.api.get("/analysis/key", token).code()).isEqualTo("key_not_found");
	}

	@Test
	void tenYearTokenIsRefused() {
		Instant now = Instant.now();
		JWTClaimsSet claims = TokenAttackJwts.claims("alice")
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofDays(3650))))
			.build();

		assertRefused(this.api.analyse(TokenAttackJwts.hs256(Tokens.SECRET, claims), PROMPT), "ten-year token");
	}

	@Test
	void tokenLivingExactlyTheMaximumLifetimeIsAccepted() {
		Instant issued = Instant.now().minusSeconds(60);
		JWTClaimsSet claims = TokenAttackJwts.claims("alice")
			.issueTime(Date.from(issued))
			.expirationTime(Date.from(issued.plus(Duration.ofHours(24))))
			.build();

		assertThat(this.api.analyse(TokenAttackJwts.hs256(Tokens.SECRET, claims), PROMPT).status()).isEqualTo(200);
	}

	@Test
	void tokenLivingOneSecondLongerThanTheMaximumIsRefused() {
		Instant issued = Instant.now().minusSeconds(60);
		JWTClaimsSet claims = TokenAttackJwts.claims("alice")
			.issueTime(Date.from(issued))
			.expirationTime(Date.from(issued.plus(Duration.ofHours(24)).plusSeconds(1)))
			.build();

		assertRefused(this.api.analyse(TokenAttackJwts.hs256(Tokens.SECRET, claims), PROMPT), "24 h + 1 s");
	}

	@Test
	void tokenWithoutIssueTimeIsHeldToTheMaximumFromNow() {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("alice")
			.expirationTime(Date.from(Instant.now().plus(Duration.ofDays(30))))
			.build();

		assertRefused(this.api.analyse(TokenAttackJwts.hs256(Tokens.SECRET, claims), PROMPT), "no iat, 30 days");
	}

	@Test
	void adminClaimsOutsideTheScopeAreForbidden() {
		for (JWTClaimsSet claims : List.of(TokenAttackJwts.claims("mallory").claim("roles", List.of("admin")).build(),
				TokenAttackJwts.claims("mallory").claim("authorities", List.of("SCOPE_admin")).build(),
				TokenAttackJwts.claims("mallory").claim("admin", true).build())) {
			assertForbidden(this.api.postEmpty(ADMIN_PATH, TokenAttackJwts.hs256(Tokens.SECRET, claims)));
		}
	}

	@Test
	void tokenInTheQueryStringIsNotAccepted() {
		String token = Tokens.admin();

		assertRefused(this.api.post("/analysis?access_token=" + token, null, "application/json", PROMPT), "query");
		assertRefused(this.api.get("/analysis/key?access_token=" + token, null), "query on GET");
		assertRefused(this.api.get(ADMIN_PATH + "?access_token=" + token, null), "query on admin");
	}

	@Test
	void tokenInAFormBodyIsNotAccepted() {
		Response response = this.api.post(ADMIN_PATH, null, "application/x-www-form-urlencoded",
				"access_token=" + Tokens.admin());

		assertRefused(response, "form body");
	}

	@ParameterizedTest(name = "Authorization: {0}")
	@ValueSource(strings = { "Bearer not-a-jwt", "Bearer", "Bearer a.b.c", "Bearer ...", "Bearer e30.e30.",
			"Basic YWxpY2U6c2VjcmV0", "Digest username=\"alice\"", "Token VALID", "VALID", "Bearer VALID VALID",
			"Bearer VALID," })
	void malformedAuthorizationIsRefused(String authorization) {
		String header = authorization.replace("VALID", Tokens.user("alice"));
		HttpResponse<String> response = this.api.exchange("POST", "/analysis",
				Map.of("Authorization", header, "Content-Type", "application/json"), PROMPT);

		assertRefused(asResponse(response), authorization);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(challenge) -> assertThat(challenge).startsWith("Bearer"));
	}

	/** A token issued an hour before it expires, so only {@code exp} decides. */
	private static String expiringIn(Duration duration) {
		Instant expiry = Instant.now().plus(duration);
		return TokenAttackJwts.hs256(Tokens.SECRET, TokenAttackJwts.claims("alice")
			.issueTime(Date.from(expiry.minus(Duration.ofHours(1))))
			.expirationTime(Date.from(expiry))
			.build());
	}

	private static String notBefore(Duration duration) {
		return TokenAttackJwts.hs256(Tokens.SECRET,
				TokenAttackJwts.claims("alice").notBeforeTime(Date.from(Instant.now().plus(duration))).build());
	}

	static Response asResponse(HttpResponse<String> response) {
		return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
				response.headers().firstValue("Retry-After").orElse(null), response.body());
	}

	private static void assertRefused(Response response, String what) {
		assertProblem(response, 401, "unauthorized", what);
	}

	private static void assertForbidden(Response response) {
		assertProblem(response, 403, "forbidden", "not exactly the admin scope");
	}

	static void assertProblem(Response response, int status, String code, String what) {
		assertThat(response.status()).as("%s: %s", what, response.body()).isEqualTo(status);
		assertThat(response.code()).as(what).isEqualTo(code);
		assertThat(response.json().path("type").asString()).isEqualTo("/problems/" + code);
		assertThat(response.json().path("detail").asString()).isNotBlank();
		assertThat(OpenRouterStub.totalRequests()).as("requests that reached OpenRouter").isZero();
		assertThat(StoredKeys.all()).as("stored keys").isEmpty();
	}

}
