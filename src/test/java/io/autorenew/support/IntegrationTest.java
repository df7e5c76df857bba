package io.autorenew.support;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The whole service on a random port, over real HTTP, with WireMock as OpenRouter and the
 * Mongo-wire server as its store. Both are reset before each test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = { "OPENROUTER_PROVISIONING_KEY=" + OpenRouterStub.MANAGEMENT_KEY,
		"AUTH_JWT_SECRET=" + Tokens.SECRET, "OPENROUTER_PROVISIONING_RETRY_AFTER=30s" })
public abstract class IntegrationTest {

	@LocalServerPort
	protected int port;

	protected Api api;

	@DynamicPropertySource
	static void wiring(DynamicPropertyRegistry registry) {
		registry.add("MONGODB_URI", MongoWireServer::uri);
		registry.add("OPENROUTER_BASE_URL", OpenRouterStub::baseUrl);
	}

	@BeforeEach
	void resetWorld() {
		MongoWireServer.reset();
		OpenRouterStub.reset();
		this.api = new Api(this.port);
	}

}
