package io.autorenew;

import io.autorenew.AnalysisServiceApplication;
import io.autorenew.InvalidSettingException;
import io.autorenew.support.MongoWireServer;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.StoredKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Required settings fail start-up with a message that names them; optional ones warn. */
@ExtendWith(OutputCaptureExtension.class)
class StartupSettingsTests {

	@Test
	void missingJwtSecretFailsStartupNamingTheVariable(CapturedOutput output) {
		assertThatThrownBy(() -> start("AUTH_JWT_SECRET=")).hasRootCauseInstanceOf(InvalidSettingException.class)
			.rootCause()
			.hasMessage("AUTH_JWT_SECRET is not set: set it to a random secret of at least 32 bytes "
					+ "(the demo profile generates one)");
		assertThat(output).contains("AUTH_JWT_SECRET is not set");
	}

	@Test
	void shortJwtSecretFailsStartup() {
		assertThatThrownBy(() -> start("AUTH_JWT_SECRET=only-31-bytes-long-secret-value"))
			.hasRootCauseInstanceOf(InvalidSettingException.class)
			.rootCause()
			.hasMessageContaining("at least 32 bytes");
	}

	@Test
	void missingEncryptionKeyFailsStartupNamingTheVariable(CapturedOutput output) {
		assertThatThrownBy(() -> start("AUTH_JWT_SECRET=0123456789abcdef0123456789abcdef", "KEY_ENCRYPTION_KEY="))
			.hasRootCauseInstanceOf(InvalidSettingException.class)
			.rootCause()
			.hasMessageStartingWith("KEY_ENCRYPTION_KEY is not set");
		assertThat(output).contains("KEY_ENCRYPTION_KEY is not set");
	}

	@Test
	void encryptionKeyOfTheWrongSizeFailsStartup() {
		assertThatThrownBy(() -> start("AUTH_JWT_SECRET=0123456789abcdef0123456789abcdef",
				"KEY_ENCRYPTION_KEY=c2hvcnQ="))
			.hasRootCauseInstanceOf(InvalidSettingException.class)
			.rootCause()
			.hasMessageContaining("exactly 32 bytes");
	}

	@Test
	void missingProvisioningKeyStartsWithAWarning(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start("AUTH_JWT_SECRET=0123456789abcdef0123456789abcdef",
				"OPENROUTER_PROVISIONING_KEY=")) {
			assertThat(context.isRunning()).isTrue();
		}
		assertThat(output).contains("WARN").contains("OPENROUTER_PROVISIONING_KEY is not set");
	}

	@Test
	void aPassthroughFieldThatIsNoFieldNameFailsStartup() {
		assertThatThrownBy(() -> start("AUTH_JWT_SECRET=0123456789abcdef0123456789abcdef",
				"OPENROUTER_PASSTHROUGH_FIELDS=provider,bad field"))
			.hasRootCauseInstanceOf(InvalidSettingException.class)
			.rootCause()
			.hasMessageStartingWith("OPENROUTER_PASSTHROUGH_FIELDS holds 'bad field'");
	}

	@Test
	void anUnknownLogFormatFailsStartupNamingTheVariable() {
		assertThatThrownBy(() -> start("AUTH_JWT_SECRET=0123456789abcdef0123456789abcdef", "LOG_FORMAT=xml"))
			.isInstanceOf(InvalidSettingException.class)
			.hasMessage("LOG_FORMAT must be 'text' or 'json', not 'xml'.");
	}

	@Test
	void requiringAnExternalStoreWithoutMongodbUriFailsStartup() {
		assertThatThrownBy(() -> start("AUTH_JWT_SECRET=0123456789abcdef0123456789abcdef", "MONGODB_URI=",
				"STORE_REQUIRE_EXTERNAL=true"))
			.hasRootCauseInstanceOf(InvalidSettingException.class)
			.rootCause()
			.hasMessageStartingWith("STORE_REQUIRE_EXTERNAL is true but MONGODB_URI is not set");
	}

	/**
	 * The port goes as a command-line argument: {@code properties()} are defaults, which
	 * {@code SERVER_PORT} from the environment would override.
	 */
	private static ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(AnalysisServiceApplication.class)
			.properties("MONGODB_URI=" + MongoWireServer.uri(),
					"OPENROUTER_BASE_URL=" + OpenRouterStub.baseUrl(), "KEY_ENCRYPTION_KEY=" + StoredKeys.ENCRYPTION_KEY,
					"OPENROUTER_RECONCILE_ENABLED=false")
			.properties(properties)
			.run("--server.port=0");
	}

}
