package io.autorenew.support;

import java.time.Duration;

import io.autorenew.money.UserSuspension;
import io.autorenew.renewal.KeyCache;
import io.autorenew.renewal.KeyRenewer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole service on a random port, over real HTTP, with WireMock as OpenRouter and the
 * Mongo-wire server as its store, configured as a deployment in the middle of a secret rotation
 * ({@link RotatedSecrets}) whose alerts go to {@link AlertReceiver}. Both are reset before each test; after each, the key-management
 * traffic between the service and the stub must agree with OpenRouter's OpenAPI spec.
 */
@AutoConfigureMetrics
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = { "OPENROUTER_PROVISIONING_KEY=" + OpenRouterStub.MANAGEMENT_KEY,
		"AUTH_JWT_SECRET=" + Tokens.SECRET, "KEY_ENCRYPTION_KEY=" + StoredKeys.ENCRYPTION_KEY,
		"OPENROUTER_PROVISIONING_RETRY_AFTER=30s", "OPENROUTER_PROVISIONING_READ_TIMEOUT=5s",
		"OPENROUTER_RECONCILE_ENABLED=false", "RATE_LIMIT_PER_MINUTE=100000",
		"OPENROUTER_PROVISIONING_FAILURE_THRESHOLD=1000", "openrouter.retry.initial-back-off=PT0.05S",
		"API_DOCS_ENABLED=true", "CORS_ALLOWED_ORIGINS=" + IntegrationTest.FRONTEND,
		RotatedSecrets.ENCRYPTION_KEY_PREVIOUS, RotatedSecrets.JWT_SECRET_PREVIOUS,
		"ALERT_WEBHOOK_SECRET=" + AlertReceiver.SECRET })
public abstract class IntegrationTest {

	/** The browser origin the tests' service allows, as a frontend team would set it. */
	public static final String FRONTEND = "https://app.example.com";

	@LocalServerPort
	protected int port;

	@Autowired
	protected KeyCache keyCache;

	@Autowired
	private UserSuspension suspensions;

	@Autowired
	private KeyRenewer renewer;

	protected Api api;

	@DynamicPropertySource
	static void wiring(DynamicPropertyRegistry registry) {
		registry.add("MONGODB_URI", MongoWireServer::uri);
		registry.add("OPENROUTER_BASE_URL", OpenRouterStub::baseUrl);
		registry.add("ALERT_WEBHOOK_URL", AlertReceiver::url);
	}

	@BeforeEach
	void resetWorld() {
		// a renewal a refusal started in the test before may still audit and delete the old key
		assertThat(this.renewer.awaitRenewals(Duration.ofSeconds(10))).as("renewals left running").isTrue();
		MongoWireServer.reset();
		OpenRouterStub.reset();
		AlertReceiver.reset();
		this.keyCache.clear();
		this.suspensions.forgetCached();
		this.api = new Api(this.port);
	}

	@AfterEach
	void openRouterTrafficMatchesSpec() {
		assertThat(OpenRouterStub.specViolations())
			.as("OpenRouter key-management requests and stub answers that disagree with openapi.yaml")
			.isEmpty();
	}

}
