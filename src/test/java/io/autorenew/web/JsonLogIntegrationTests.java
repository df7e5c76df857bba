package io.autorenew.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.autorenew.GatewayApplication;
import io.autorenew.support.Api;
import io.autorenew.support.MongoWireServer;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.StoredKeys;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.LoggingSystemProperty;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code LOG_FORMAT=json}: one JSON object a line (Boot's structured logging), each line of
 * a request with its id, the access line with the user's id hash, the outcome and the
 * duration, and never the user's raw subject in a field.
 */
@ExtendWith(OutputCaptureExtension.class)
class JsonLogIntegrationTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	/**
	 * Logging is set up once a JVM until a context closes; the cached test contexts never do.
	 * Clearing the set-up lets the application below set it up as {@code LOG_FORMAT=json}.
	 */
	@BeforeAll
	static void letTheNextApplicationSetUpLogging() {
		LoggingSystem.get(JsonLogIntegrationTests.class.getClassLoader()).cleanUp();
	}

	/**
	 * The test contexts that follow log as text again. Boot keeps the structured format in a
	 * system property once logging has been set up with it, so that goes too.
	 */
	@AfterAll
	static void backToText() {
		System.clearProperty(LoggingSystemProperty.CONSOLE_STRUCTURED_FORMAT.getEnvironmentVariableName());
		LoggingSystem logging = LoggingSystem.get(JsonLogIntegrationTests.class.getClassLoader());
		logging.cleanUp();
		logging.beforeInitialize();
		logging.initialize(new LoggingInitializationContext(new StandardEnvironment()), null, null);
	}

	@Test
	void eachLineOfARequestCarriesItsIdAndTheAccessLineItsOutcome(CapturedOutput output) {
		MongoWireServer.reset();
		OpenRouterStub.reset();
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(GatewayApplication.class)
			.properties("LOG_FORMAT=json", "MONGODB_URI=" + MongoWireServer.uri(),
					"OPENROUTER_BASE_URL=" + OpenRouterStub.baseUrl(), "KEY_ENCRYPTION_KEY=" + StoredKeys.ENCRYPTION_KEY,
					"AUTH_JWT_SECRET=" + Tokens.SECRET, "OPENROUTER_PROVISIONING_KEY=" + OpenRouterStub.MANAGEMENT_KEY,
					"OPENROUTER_RECONCILE_ENABLED=false")
			.run("--server.port=0")) {
			Api api = new Api(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
			api.exchange("POST", "/analysis", Map.of("Authorization", "Bearer " + Tokens.user("carol-sub-1"),
				"Content-Type", "application/json", RequestIds.HEADER, "req-json"), "{\"prompt\":\"Hello\"}");
			api.exchange("GET", "/analysis/key", Map.of(RequestIds.HEADER, "req-json-401"), null);
		}

		List<JsonNode> lines = lines(output.getOut());
		List<JsonNode> request = lines.stream().filter((line) -> "req-json".equals(line.path("requestId").asString(null))).toList();
		assertThat(request).as("log lines of the request").hasSizeGreaterThanOrEqualTo(2);
		JsonNode accessLine = request.stream()
			.filter((line) -> RequestIdFilter.ACCESS_LOGGER.equals(line.path("log").path("logger").asString(null)))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no access line in " + request));
		assertThat(accessLine.path("method").asString()).isEqualTo("POST");
		assertThat(accessLine.path("path").asString()).isEqualTo("/analysis");
		assertThat(accessLine.path("status").asInt()).isEqualTo(200);
		assertThat(accessLine.path("outcome").asString()).isEqualTo("ok");
		assertThat(accessLine.path("durationMs").isNumber()).isTrue();
		assertThat(accessLine.path("userHash").asString()).isEqualTo(RequestIds.userHash("carol-sub-1"));
		JsonNode refused = lines.stream()
			.filter((line) -> "req-json-401".equals(line.path("requestId").asString(null)))
			.filter((line) -> line.has("outcome"))
			.findFirst()
			.orElseThrow();
		assertThat(refused.path("outcome").asString()).isEqualTo("unauthorized");
		assertThat(refused.path("status").asInt()).isEqualTo(401);
		assertThat(refused.has("userHash")).isFalse();
		for (JsonNode line : request) {
			assertThat(line.path("userHash").asString("")).doesNotContain("carol-sub-1");
		}
	}

	/** Every line printed while the format is JSON; lines before the switch are skipped. */
	private static List<JsonNode> lines(String out) {
		List<JsonNode> lines = new ArrayList<>();
		for (String line : out.split("\n")) {
			if (line.startsWith("{")) {
				try {
					lines.add(JSON.readTree(line));
				}
				catch (JacksonException ex) {
					throw new AssertionError("Not one JSON object: " + line, ex);
				}
			}
		}
		return lines;
	}

}
