package io.autorenew;

import io.autorenew.support.Api;
import io.autorenew.support.Api.Response;
import io.autorenew.support.MongoWireServer;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.StoredKeys;
import io.autorenew.support.Tokens;
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

	private static final String STORED_KEY = "sk-or-v1-2222222222222222222222222222222222222222222222222222222222cccc";

	@Test
	void missingJwtSecretFailsStartupNamingTheVariableAndHowToMakeOne(CapturedOutput output) {
		assertThatThrownBy(() -> start("AUTH_JWT_SECRET=")).isInstanceOf(InvalidSettingException.class)
			.hasMessageContaining("AUTH_JWT_SECRET is not set: set it to a random secret of at least 32 bytes, e.g. "
					+ "`openssl rand -base64 32` (the demo profile generates one)");
		assertThat(output).contains("AUTH_JWT_SECRET is not set").doesNotContain("\tat ");
	}

	@Test
	void shortJwtSecretFailsStartup() {
		assertThatThrownBy(() -> start("AUTH_JWT_SECRET=only-31-bytes-long-secret-value"))
			.isInstanceOf(InvalidSettingException.class)
			.hasMessageContaining("at least 32 bytes");
	}

	@Test
	void missingEncryptionKeyFailsStartupNamingTheVariable(CapturedOutput output) {
		assertThatThrownBy(() -> start("AUTH_JWT_SECRET=0123456789abcdef0123456789abcdef", "KEY_ENCRYPTION_KEY="))
			.isInstanceOf(InvalidSettingException.class)
			.hasMessageContaining("KEY_ENCRYPTION_KEY is not set");
		assertThat(output).contains("KEY_ENCRYPTION_KEY is not set");
	}

	@Test
	void encryptionKeyOfTheWrongSizeFailsStartup() {
		assertThatThrownBy(() -> start("AUTH_JWT_SECRET=0123456789abcdef0123456789abcdef",
				"KEY_ENCRYPTION_KEY=c2hvcnQ="))
			.isInstanceOf(InvalidSettingException.class)
			.hasMessageContaining("KEY_ENCRYPTION_KEY must be base64 of 32 random bytes");
	}

	/** Every missing, placeholder or invalid setting is listed in one block, not one per start. */
	@Test
	void everyBadSettingIsListedAtOnceWithHowToMakeAGoodOne(CapturedOutput output) {
		assertThatThrownBy(() -> start("AUTH_JWT_SECRET=change-me", "KEY_ENCRYPTION_KEY=",
				"OPENROUTER_PROVISIONING_KEY=change-me", "AUTH_JWT_SECRET_PREVIOUS=short"))
			.isInstanceOf(InvalidSettingException.class)
			.hasMessageContaining("AUTH_JWT_SECRET is the placeholder 'change-me'")
			.hasMessageContaining("AUTH_JWT_SECRET_PREVIOUS is too short")
			.hasMessageContaining("KEY_ENCRYPTION_KEY is not set")
			.hasMessageContaining("OPENROUTER_PROVISIONING_KEY is the placeholder 'change-me'");
		assertThat(output.getOut().split("openssl rand -base64 32", -1).length - 1).isGreaterThanOrEqualTo(3);
		assertThat(output).contains("APPLICATION FAILED TO START").doesNotContain("\tat ");
	}

	/** Invalid values of other settings are in the same block as the missing secrets. */
	@Test
	void invalidValuesOfOtherSettingsComeInTheSameBlock() {
		assertThatThrownBy(() -> start("AUTH_JWT_SECRET=", "OPENROUTER_MAX_TOKENS=0",
				"OPENROUTER_SERVER_TOOLS=bad tool", "KEY_REENCRYPTION_BATCH_SIZE=0", "AUTH_JWKS_REFRESH_MIN=abc"))
			.isInstanceOf(InvalidSettingException.class)
			.hasMessageContaining("AUTH_JWT_SECRET is not set")
			.hasMessageContaining("OPENROUTER_MAX_TOKENS must be at least 1")
			.hasMessageContaining("OPENROUTER_SERVER_TOOLS holds 'bad tool'")
			.hasMessageContaining("KEY_REENCRYPTION_BATCH_SIZE must be at least 1")
			.hasMessageContaining("auth.jwks.refresh-min cannot be read")
			.hasMessageNotContaining("abc");
	}

	/** With the secrets in order, the first record that refuses its value fails the start, and the report lists all. */
	@Test
	void theReportOfARefusedSettingListsEveryOther(CapturedOutput output) {
		assertThatThrownBy(() -> start("AUTH_JWT_SECRET=0123456789abcdef0123456789abcdef", "OPENROUTER_MAX_TOKENS=0",
				"OPENROUTER_SERVER_TOOLS=bad tool", "KEY_REENCRYPTION_BATCH_SIZE=0"));

		assertThat(output).contains("Settings are missing or invalid:")
			.contains("OPENROUTER_MAX_TOKENS must be at least 1")
			.contains("OPENROUTER_SERVER_TOOLS holds 'bad tool'")
			.contains("KEY_REENCRYPTION_BATCH_SIZE must be at least 1");
	}

	/** An unreachable MONGODB_URI is one line naming its hosts and the timeout, with no stack trace. */
	@Test
	void anUnreachableStoreIsOneLine(CapturedOutput output) throws Exception {
		int closedPort;
		try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
			closedPort = free.getLocalPort();
		}
		assertThatThrownBy(() -> start("AUTH_JWT_SECRET=0123456789abcdef0123456789abcdef",
				"MONGODB_URI=mongodb://user:s3cret@127.0.0.1:" + closedPort + "/analysis", "MONGODB_TIMEOUT=1s"));

		assertThat(output).contains("MongoDB at 127.0.0.1:" + closedPort + " did not answer within 1s")
			.doesNotContain("s3cret")
			.doesNotContain("\tat com.mongodb");
	}

	/**
	 * Without OPENROUTER_PROVISIONING_KEY the service starts with a warning and says why it
	 * cannot mint, while users with a stored key are served as before.
	 */
	@Test
	void missingProvisioningKeyStartsWithAWarningAndServesStoredKeys(CapturedOutput output) {
		MongoWireServer.reset();
		OpenRouterStub.reset();
		StoredKeys.seed("bob", STORED_KEY, "hash-bob");
		try (ConfigurableApplicationContext context = start("AUTH_JWT_SECRET=" + Tokens.SECRET,
				"OPENROUTER_PROVISIONING_KEY=", "OPENROUTER_PROVISIONING_RETRY_AFTER=30s")) {
			Api api = new Api(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));

			Response withoutKey = api.analyse(Tokens.user("alice"), "{\"prompt\":\"hello\"}");
			Response forced = api.postEmpty("/admin/users/alice/openrouter-key?create=true", Tokens.admin());
			assertThat(OpenRouterStub.totalRequests()).as("requests to OpenRouter").isZero();
			Response withKey = api.analyse(Tokens.user("bob"), "{\"prompt\":\"hello\"}");

			assertThat(withoutKey.status()).isEqualTo(503);
			assertThat(withoutKey.code()).isEqualTo("provisioning_not_configured");
			assertThat(withoutKey.retryAfter()).isEqualTo("30");
			assertThat(forced.status()).isEqualTo(503);
			assertThat(forced.code()).isEqualTo("provisioning_not_configured");
			assertThat(withKey.status()).as(withKey.body()).isEqualTo(200);
			assertThat(OpenRouterStub.chatBearers()).containsExactly(STORED_KEY);
			assertThat(api.get("/actuator/health", null).status()).isEqualTo(200);
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
		return new SpringApplicationBuilder(GatewayApplication.class)
			.properties("MONGODB_URI=" + MongoWireServer.uri(),
					"OPENROUTER_BASE_URL=" + OpenRouterStub.baseUrl(), "KEY_ENCRYPTION_KEY=" + StoredKeys.ENCRYPTION_KEY,
					"OPENROUTER_RECONCILE_ENABLED=false")
			.properties(properties)
			.run("--server.port=0");
	}

}
