package io.autorenew.security;

import java.time.Clock;
import java.time.Duration;

import io.autorenew.InvalidSettingException;
import org.junit.jupiter.api.Test;

import static io.autorenew.support.PrintsNoSecret.assertPrintsNo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@code security}'s package-private settings that hold a secret print it masked or not at
 * all, and refusing a bad secret does not echo it. The rest of the types are covered by
 * {@code SecretToStringTests}.
 */
class SecretToStringSecurityTests {

	private static final String JWT_SECRET = "jwt-secret-7d1f0a9c2e4b6d8f-0123456789abcdef";


	@Test
	void authPropertiesAndTheTokenDecoderPrintNoSigningSecret() {
		AuthProperties auth = new AuthProperties(JWT_SECRET, "", Duration.ofHours(24), "", "analysis-service", "hs256", "scope", "admin", "");

		assertPrintsNo(auth, JWT_SECRET);
		assertPrintsNo(new TokenDecoder(auth, Clock.systemUTC()), JWT_SECRET);
	}

	@Test
	void aTooShortSigningSecretIsRefusedWithoutEchoingIt() {
		String tooShort = "short-secret-9f3e";

		Throwable refused = catchThrowable(() -> new AuthProperties(tooShort, "", Duration.ofHours(24), "", "", "hs256", "scope", "admin", ""));

		assertThat(refused).isInstanceOf(InvalidSettingException.class);
		assertPrintsNo(refused, tooShort);
		assertThat(refused.getMessage()).doesNotContain(tooShort);
	}

}
