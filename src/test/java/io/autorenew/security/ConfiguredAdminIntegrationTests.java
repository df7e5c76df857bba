package io.autorenew.security;

import java.time.Instant;
import java.util.List;

import io.autorenew.support.Api.Response;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Admin comes from one configured place: here the issuer's {@code roles} claim holding
 * {@code analysis-operator}. An HS256 token with the admin scope, or an issuer token with
 * "admin" in its scope, is a plain user.
 */
class ConfiguredAdminIntegrationTests extends IssuerIntegrationTest {

	private static final String ADMIN_PATH = "/admin/users/alice/openrouter-key";

	@Test
	void theConfiguredClaimOnTheConfiguredSourceGrantsAdmin() {
		String operator = operator();

		Response status = this.api.get(ADMIN_PATH, operator);

		assertThat(status.status()).isEqualTo(404);
		assertThat(status.code()).isEqualTo("key_not_found");
		assertThat(this.api.get("/actuator/metrics", operator).status()).isEqualTo(200);
	}

	@Test
	void anotherValueOfTheClaimGrantsNothing() {
		String token = OidcIssuerStub.token(OidcIssuerStub.claims("ops").claim("roles", List.of("analysis-viewer")));

		assertThat(this.api.get(ADMIN_PATH, token).code()).isEqualTo("forbidden");
	}

	@Test
	void issuerTokenWithAdminInItsScopeIsAPlainUser() {
		String token = OidcIssuerStub.token(OidcIssuerStub.claims("ops").claim("scope", "admin"));

		assertThat(this.api.get(ADMIN_PATH, token).code()).isEqualTo("forbidden");
		assertThat(this.api.get("/actuator/metrics", token).code()).isEqualTo("forbidden");
	}

	@Test
	void hs256TokenWithTheAdminScopeOrTheClaimIsAPlainUser() {
		String scoped = hs256("ops", "admin");
		String roles = Tokens.sign(Tokens.SECRET, Tokens.claims("ops", null, Instant.now().plusSeconds(3600))
			.issuer(HS256_ISSUER)
			.audience(OidcIssuerStub.AUDIENCE)
			.claim("roles", List.of(OPERATOR_ROLE)));

		assertThat(this.api.get(ADMIN_PATH, scoped).code()).isEqualTo("forbidden");
		assertThat(this.api.get(ADMIN_PATH, roles).code()).isEqualTo("forbidden");
		assertThat(this.api.get("/analysis/key", scoped).code()).isEqualTo("key_not_found");
	}

}
