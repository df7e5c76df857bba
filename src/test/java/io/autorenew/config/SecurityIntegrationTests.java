package io.autorenew.config;

import io.autorenew.support.Api.Response;
import io.autorenew.support.IntegrationTest;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Who gets in: tokens are HS256 with an expiry, the user is the token's subject. */
class SecurityIntegrationTests extends IntegrationTest {

	private static final String PROMPT = "{\"prompt\":\"hello\"}";

	@Test
	void healthIsPublic() {
		Response health = this.api.get("/actuator/health", null);

		assertThat(health.status()).isEqualTo(200);
		assertThat(health.json().path("status").asText()).isEqualTo("UP");
	}

	@Test
	void missingTokenIsUnauthorized() {
		assertUnauthorized(this.api.analyse(null, PROMPT));
		assertUnauthorized(this.api.get("/analysis/key", null));
		assertUnauthorized(this.api.get("/admin/users/alice/openrouter-key", null));
	}

	@Test
	void forgedTokenIsUnauthorized() {
		assertUnauthorized(this.api.analyse(Tokens.forged("alice"), PROMPT));
		assertUnauthorized(this.api.get("/admin/users/alice/openrouter-key", Tokens.forged("alice")));
	}

	@Test
	void expiredTokenIsUnauthorized() {
		assertUnauthorized(this.api.analyse(Tokens.expired("alice"), PROMPT));
	}

	@Test
	void tokenWithoutExpiryIsUnauthorized() {
		assertUnauthorized(this.api.analyse(Tokens.withoutExpiry("alice"), PROMPT));
	}

	@Test
	void garbageTokenIsUnauthorized() {
		assertUnauthorized(this.api.analyse("not-a-jwt", PROMPT));
	}

	@Test
	void actuatorEndpointsOtherThanHealthNeedAdmin() {
		assertThat(this.api.get("/actuator/info", Tokens.user("alice")).code()).isEqualTo("forbidden");
		assertThat(this.api.get("/actuator/info", Tokens.admin()).status()).isEqualTo(200);
	}

	@Test
	void unknownPathIsNotFoundForAuthenticatedCallers() {
		Response response = this.api.get("/nowhere", Tokens.user("alice"));

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.code()).isEqualTo("not_found");
	}

	private static void assertUnauthorized(Response response) {
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.code()).isEqualTo("unauthorized");
		assertThat(response.json().path("type").asText()).isEqualTo("/problems/unauthorized");
		assertThat(response.json().path("title").asText()).isNotBlank();
		assertThat(response.json().path("detail").asText()).isNotBlank();
		assertThat(OpenRouterStub.totalRequests()).isZero();
	}

}
