package io.autorenew.security;

import java.time.Instant;

import io.autorenew.support.IntegrationTest;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** With {@code AUTH_JWT_ISSUER} set, an HS256 token must name that issuer as {@code iss}. */
@TestPropertySource(properties = "AUTH_JWT_ISSUER=" + Hs256IssuerIntegrationTests.ISSUER)
class Hs256IssuerIntegrationTests extends IntegrationTest {

	static final String ISSUER = "https://auth.example.test";

	private static final String PROMPT = "{\"prompt\":\"hello\"}";

	@Test
	void tokenFromTheConfiguredIssuerIsAccepted() {
		assertThat(this.api.analyse(token(ISSUER), PROMPT).status()).isEqualTo(200);
	}

	@Test
	void tokenFromAnotherIssuerIsRefused() {
		assertThat(this.api.analyse(token("https://evil.example.test"), PROMPT).code()).isEqualTo("unauthorized");
		assertThat(this.api.analyse(token(ISSUER + "/"), PROMPT).code()).isEqualTo("unauthorized");
		assertThat(this.api.analyse(token("https://evil.example.test"), PROMPT).json().path("detail").asString())
			.as("RFC 6750: the class of failure, no more").isEqualTo("The token's issuer or audience is not accepted.");
	}

	@Test
	void tokenWithoutAnIssuerIsRefused() {
		assertThat(this.api.analyse(Tokens.user("alice"), PROMPT).code()).isEqualTo("unauthorized");
	}

	private static String token(String issuer) {
		return Tokens.sign(Tokens.SECRET, Tokens.claims("alice", null, Instant.now().plusSeconds(3600)).issuer(issuer));
	}

}
