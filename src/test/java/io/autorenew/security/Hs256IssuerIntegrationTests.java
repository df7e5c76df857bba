package io.autorenew.security;

import java.time.Instant;

import io.autorenew.support.Tokens;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** With {@code AUTH_JWT_ISSUER} set, an HS256 token must name that issuer as {@code iss}. */
class Hs256IssuerIntegrationTests extends IssuerIntegrationTest {

	private static final String PROMPT = "{\"prompt\":\"hello\"}";

	@Test
	void tokenFromTheConfiguredIssuerIsAccepted() {
		assertThat(this.api.analyse(token(HS256_ISSUER), PROMPT).status()).isEqualTo(200);
	}

	@Test
	void tokenFromAnotherIssuerIsRefused() {
		assertThat(this.api.analyse(token("https://evil.example.test"), PROMPT).code()).isEqualTo("unauthorized");
		assertThat(this.api.analyse(token(HS256_ISSUER + "/"), PROMPT).code()).isEqualTo("unauthorized");
		assertThat(this.api.analyse(token("https://evil.example.test"), PROMPT).json().path("detail").asString())
			.as("RFC 6750: the class of failure, no more").isEqualTo("The token's issuer or audience is not accepted.");
	}

	@Test
	void tokenWithoutAnIssuerIsRefused() {
		String withoutIssuer = Tokens.sign(Tokens.SECRET,
				Tokens.claims("alice", null, Instant.now().plusSeconds(3600)).audience(OidcIssuerStub.AUDIENCE));

		assertThat(this.api.analyse(withoutIssuer, PROMPT).code()).isEqualTo("unauthorized");
	}

	private static String token(String issuer) {
		return Tokens.sign(Tokens.SECRET, Tokens.claims("alice", null, Instant.now().plusSeconds(3600)).issuer(issuer)
			.audience(OidcIssuerStub.AUDIENCE));
	}

}
