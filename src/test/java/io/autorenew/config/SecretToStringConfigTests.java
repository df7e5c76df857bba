package io.autorenew.config;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import io.autorenew.InvalidSettingException;
import io.autorenew.openrouter.ApiKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;

/**
 * {@code config}'s package-private settings that hold a secret print it masked or not at
 * all, and refusing a bad secret does not echo it. The rest of the types are covered by
 * {@code SecretToStringTests}.
 */
class SecretToStringConfigTests {

	private static final String JWT_SECRET = "jwt-secret-7d1f0a9c2e4b6d8f-0123456789abcdef";

	private static final String MONGO_PASSWORD = "m0ngo-Passw0rd-e81c";

	@Test
	void authPropertiesAndTheTokenDecoderPrintNoSigningSecret() {
		AuthProperties auth = new AuthProperties(JWT_SECRET, "", "analysis-service");

		assertPrintsNo(auth, JWT_SECRET);
		assertPrintsNo(new TokenDecoder(auth, Clock.systemUTC()), JWT_SECRET);
	}

	@Test
	void aTooShortSigningSecretIsRefusedWithoutEchoingIt() {
		String tooShort = "short-secret-9f3e";

		Throwable refused = catchThrowable(() -> new AuthProperties(tooShort, "", ""));

		assertThat(refused).isInstanceOf(InvalidSettingException.class);
		assertPrintsNo(refused, tooShort);
		assertThat(refused.getMessage()).doesNotContain(tooShort);
	}

	@Test
	void storePropertiesPrintNoDatabaseCredentials() {
		String uri = "mongodb://analysis:" + MONGO_PASSWORD + "@db.internal:27017/analysis";
		StoreProperties store = new StoreProperties(uri, Path.of("./data"), "analysis", Duration.ofSeconds(3));

		assertPrintsNo(store, MONGO_PASSWORD);
	}

	/** Fails, showing the secret masked only, if {@code value}'s {@code toString()} shows it. */
	private static void assertPrintsNo(Object value, String secret) {
		String text = String.valueOf(value);
		if (text.contains(secret)) {
			fail(value.getClass().getName() + ".toString() shows the secret " + ApiKey.mask(secret) + ": "
					+ text.replace(secret, ApiKey.mask(secret)));
		}
	}

}
