package io.autorenew.security;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import io.autorenew.support.IntegrationTest;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 401 says why, as RFC 6750 has it: {@code WWW-Authenticate: Bearer error="invalid_token",
 * error_description="…"} and the same in the problem's {@code detail}, in a few classes (no
 * Bearer token, expired at …, signature does not verify, not valid), never echoing the token. A
 * 403 on an admin path says that the admin claim is needed.
 */
class TokenRefusalIntegrationTests extends IntegrationTest {

	private static final String PROMPT = "{\"prompt\":\"Summarise the quarterly report.\"}";

	@Test
	void noTokenIsAChallengeWithoutAnErrorCode() {
		HttpResponse<String> refused = analyse(Map.of());

		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
		assertThat(detail(refused)).startsWith("No Bearer token");
		assertThat(detail(analyse(Map.of("Authorization", "Basic YWxpY2U6c2VjcmV0")))).startsWith("No Bearer token");
	}

	@Test
	void anExpiredTokenSaysWhenItExpired() {
		Instant expiry = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);
		String token = Tokens.sign(Tokens.SECRET,
				Tokens.claims("alice", null, expiry).issueTime(java.util.Date.from(expiry.minus(Duration.ofHours(1)))));

		HttpResponse<String> refused = analyse(Map.of("Authorization", "Bearer " + token));

		assertThat(detail(refused)).isEqualTo("The token expired at " + expiry + ".");
		assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue(
				"Bearer error=\"invalid_token\", error_description=\"The token expired at " + expiry + ".\"");
		assertThat(refused.body()).doesNotContain(token);
	}

	@Test
	void aForgedTokenIsASignatureThatDoesNotVerify() {
		String token = Tokens.forged("alice");

		HttpResponse<String> refused = analyse(Map.of("Authorization", "Bearer " + token));

		assertThat(detail(refused)).isEqualTo("The token's signature does not verify.");
		assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"")
			.doesNotContain(token);
		assertThat(refused.body()).doesNotContain(token);
	}

	@Test
	void aMalformedTokenIsNotValid() {
		HttpResponse<String> refused = analyse(Map.of("Authorization", "Bearer not-a-jwt"));

		assertThat(detail(refused)).isEqualTo("The token is not valid.");
		assertThat(refused.body()).doesNotContain("not-a-jwt");
	}

	@Test
	void anAdminPathSaysTheAdminClaimIsNeeded() {
		HttpResponse<String> forbidden = this.api.exchange("GET", "/admin/users/alice/openrouter-key",
				Map.of("Authorization", "Bearer " + Tokens.user("alice")), null);

		assertThat(forbidden.statusCode()).isEqualTo(403);
		assertThat(detail(forbidden)).contains("admin token").contains("AUTH_ADMIN_CLAIM");
	}

	private HttpResponse<String> analyse(Map<String, String> headers) {
		Map<String, String> all = new java.util.HashMap<>(headers);
		all.put("Content-Type", "application/json");
		return this.api.exchange("POST", "/analysis", all, PROMPT);
	}

	private static String detail(HttpResponse<String> response) {
		JsonNode problem = JsonMapper.shared().readTree(response.body());
		return problem.path("detail").asString();
	}

}
