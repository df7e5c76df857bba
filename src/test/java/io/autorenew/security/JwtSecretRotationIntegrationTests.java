package io.autorenew.security;

import java.time.Instant;

import io.autorenew.support.IntegrationTest;
import io.autorenew.support.RotatedSecrets;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rotating the HS256 secret without signing anyone out: with {@code AUTH_JWT_SECRET} new and
 * {@code AUTH_JWT_SECRET_PREVIOUS} the old one, as the test service runs, tokens signed with
 * either are accepted, each with every other check; a token signed with any other secret is
 * still refused.
 */
class JwtSecretRotationIntegrationTests extends IntegrationTest {

	private static final String PROMPT = "{\"prompt\":\"hello\"}";

	@Test
	void tokensSignedWithTheNewSecretAreAccepted() {
		assertThat(this.api.analyse(Tokens.user("alice"), PROMPT).status()).isEqualTo(200);
	}

	@Test
	void tokensSignedWithThePreviousSecretAreStillAcceptedAndChecked() {
		Instant inTenMinutes = Instant.now().plusSeconds(600);
		String user = Tokens.sign(RotatedSecrets.PREVIOUS_JWT_SECRET, "alice", null, inTenMinutes);
		String admin = Tokens.sign(RotatedSecrets.PREVIOUS_JWT_SECRET, "ops", "openid admin", inTenMinutes);
		assertThat(this.api.analyse(user, PROMPT).status()).isEqualTo(200);
		assertThat(this.api.get("/admin/users/alice/openrouter-key", admin).status()).isEqualTo(200);
		Instant anHourAgo = Instant.now().minusSeconds(3600);
		String expired = Tokens.sign(RotatedSecrets.PREVIOUS_JWT_SECRET,
				Tokens.claims("alice", null, anHourAgo).issueTime(java.util.Date.from(anHourAgo.minusSeconds(600))));
		assertThat(this.api.analyse(expired, PROMPT).json().path("detail").asString())
			.startsWith("The token expired at");
	}

	@Test
	void tokensSignedWithAnyOtherSecretAreRefused() {
		String forged = Tokens.sign("some-other-secret-0123456789-abcdefghijklmn", "alice", null,
				Instant.now().plusSeconds(600));

		assertThat(this.api.analyse(forged, PROMPT).status()).isEqualTo(401);
		assertThat(this.api.analyse(forged, PROMPT).json().path("detail").asString())
			.isEqualTo("The token's signature does not verify.");
	}

}
