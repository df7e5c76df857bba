package io.autorenew.demo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.autorenew.standin.OpenRouterStandIn;
import io.autorenew.support.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DemoInstructionsTests {

	private static final String SECRET = "demo-secret-0123456789-abcdefghij-ABCDEFGHIJ";

	private static final Instant NOW = Instant.parse("2025-01-15T10:00:00Z");

	private final OpenRouterStandIn standIn = OpenRouterStandIn.start("sk-or-v1-management", 3, Duration.ZERO,
			new MutableClock(NOW));

	private final DemoInstructions instructions = new DemoInstructions(SECRET, new MutableClock(NOW), this.standIn, true);

	@AfterEach
	void close() {
		this.standIn.close();
	}

	@Test
	void printsPasteableCurlCommandsForTheRealPort() throws Exception {
		String text = this.instructions.render(43210);
		assertThat(text).contains("export USER_TOKEN=", "export ADMIN_TOKEN=",
				"curl -s -X POST http://localhost:43210/analysis -H \"Authorization: Bearer $USER_TOKEN\""
						+ " -H \"Content-Type: application/json\""
						+ " -d '{\"prompt\":\"Summarise: OpenRouter keys renew themselves.\"}'",
				"curl -s http://localhost:43210/analysis/key -H \"Authorization: Bearer $USER_TOKEN\"",
				"curl -s -X POST http://localhost:43210/admin/users/demo-user/openrouter-key"
						+ " -H \"Authorization: Bearer $ADMIN_TOKEN\"",
				"curl -s http://localhost:43210/admin/users/demo-user/openrouter-key"
						+ " -H \"Authorization: Bearer $ADMIN_TOKEN\"");
		assertThat(text.indexOf("export USER_TOKEN=")).isLessThan(text.indexOf("curl"));
	}

	@Test
	void listsTheEventsHealthAndMetricsCurls() throws Exception {
		assertThat(this.instructions.render(43210)).contains(
				"curl -s http://localhost:43210/admin/users/demo-user/openrouter-key/events"
						+ " -H \"Authorization: Bearer $ADMIN_TOKEN\"",
				"curl -s http://localhost:43210/actuator/health\n",
				"curl -s http://localhost:43210/actuator/health -H \"Authorization: Bearer $ADMIN_TOKEN\"",
				"curl -s http://localhost:43210/actuator/prometheus -H \"Authorization: Bearer $ADMIN_TOKEN\""
						+ " | grep ^openrouter_");
	}

	@Test
	void saysTheTokensLastUntilTheNextStartWhenTheSecretIsGenerated() throws Exception {
		assertThat(this.instructions.render(8080)).contains("valid for 12 hours, or until the next start");
		assertThat(new DemoInstructions(SECRET, new MutableClock(NOW), this.standIn, false).render(8080))
			.contains("The tokens below are valid for 12 hours.")
			.doesNotContain("until the next start");
	}

	@Test
	void explainsWhenTheRenewalShows() throws Exception {
		assertThat(this.instructions.render(8080)).contains("expires each key after 3 chat calls",
				"the 4th analysis shows an automatic renewal (\"keyRenewed\": true)");
	}

	@Test
	void signsAUserTokenValidForTwelveHours() throws Exception {
		JWTClaimsSet claims = verifiedClaims("USER_TOKEN");
		assertThat(claims.getSubject()).isEqualTo("demo-user");
		assertThat(claims.getIssueTime().toInstant()).isEqualTo(NOW);
		assertThat(claims.getExpirationTime().toInstant()).isEqualTo(NOW.plus(Duration.ofHours(12)));
		assertThat(claims.getClaim("scope")).isNull();
	}

	@Test
	void signsAnAdminTokenWithTheAdminScope() throws Exception {
		JWTClaimsSet claims = verifiedClaims("ADMIN_TOKEN");
		assertThat(claims.getSubject()).isEqualTo("demo-admin");
		assertThat(claims.getStringClaim("scope")).isEqualTo("admin");
		assertThat(claims.getExpirationTime().toInstant()).isEqualTo(NOW.plus(Duration.ofHours(12)));
	}

	@Test
	void describesEveryExpiryPolicy() {
		assertThat(policy(0, Duration.ZERO)).isEqualTo("keys never expire");
		assertThat(policy(1, Duration.ZERO)).isEqualTo("expires each key after 1 chat call");
		assertThat(policy(0, Duration.ofSeconds(30))).isEqualTo("expires each key 30s after it is minted");
		assertThat(policy(2, Duration.ofMinutes(1)))
			.isEqualTo("expires each key after 2 chat calls or 1m after it is minted");
	}

	private static String policy(int calls, Duration after) {
		try (OpenRouterStandIn standIn = OpenRouterStandIn.start("k", calls, after, new MutableClock(NOW))) {
			return DemoInstructions.expiryPolicy(standIn);
		}
	}

	private JWTClaimsSet verifiedClaims(String variable) throws Exception {
		String text = this.instructions.render(8080);
		int start = text.indexOf("export " + variable + "=") + ("export " + variable + "=").length();
		SignedJWT jwt = SignedJWT.parse(text.substring(start, text.indexOf(System.lineSeparator(), start)));
		assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("HS256");
		assertThat(jwt.verify(new MACVerifier(SECRET.getBytes(StandardCharsets.UTF_8)))).isTrue();
		return jwt.getJWTClaimsSet();
	}

}
