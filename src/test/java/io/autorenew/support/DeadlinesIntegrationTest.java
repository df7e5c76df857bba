package io.autorenew.support;

import java.time.Clock;
import java.time.Duration;

import io.autorenew.standin.OpenRouterStandIn;
import io.autorenew.web.StreamPermits;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.awaitility.Awaitility.await;

/**
 * The whole service with its deadlines short and its stream limits small, for the tests of what
 * happens when one passes: OpenRouter's read timeout 1 s with a heartbeat every 200 ms, two
 * attempts per call, key management's read timeout 2 s, the store's timeout 1 s, two streams per
 * user and streams of at most 3 s.
 * The service reaches OpenRouter through {@link #UPSTREAM}, which relays to WireMock unless a
 * test puts {@link #STAND_IN} or an upstream of its own behind it before each test. One context
 * for all of them.
 */
@TestPropertySource(properties = { "OPENROUTER_READ_TIMEOUT=1s", "OPENROUTER_STREAM_HEARTBEAT=200ms",
		"OPENROUTER_MAX_ATTEMPTS=2", "OPENROUTER_PROVISIONING_READ_TIMEOUT=2s", "MONGODB_TIMEOUT=1s", "STREAMS_PER_USER=2", "STREAM_MAX_DURATION=3s" })
public abstract class DeadlinesIntegrationTest extends IntegrationTest {

	/** {@code OPENROUTER_MAX_ATTEMPTS}. */
	protected static final int MAX_ATTEMPTS = 2;

	/** {@code OPENROUTER_PROVISIONING_READ_TIMEOUT}. */
	protected static final Duration PROVISIONING_READ_TIMEOUT = Duration.ofSeconds(2);

	/** {@code STREAM_MAX_DURATION}. */
	protected static final Duration STREAM_MAX_DURATION = Duration.ofSeconds(3);

	/** What the service takes for OpenRouter. */
	protected static final UpstreamSwitch UPSTREAM = UpstreamSwitch.started();

	/** The OpenRouter stand-in, with the management key the test settings give the service; reset before each test. */
	protected static final OpenRouterStandIn STAND_IN = OpenRouterStandIn.start(OpenRouterStub.MANAGEMENT_KEY, 0,
			Duration.ZERO, Clock.systemUTC());

	@DynamicPropertySource
	static void throughTheSwitch(DynamicPropertyRegistry registry) {
		// The bound property itself: the superclass points OPENROUTER_BASE_URL at WireMock.
		registry.add("openrouter.base-url", UPSTREAM::baseUrl);
	}

	@Autowired
	private StreamPermits streamPermits;

	@BeforeEach
	void wireMockUnlessTheTestSaysOtherwise() {
		UPSTREAM.to(OpenRouterStub.baseUrl());
		STAND_IN.reset();
		// A stream of the test before whose caller hung up gives its permit back when its relay
		// notices, at its next write or heartbeat: each test starts with none open.
		await().atMost(Duration.ofSeconds(5)).until(() -> this.streamPermits.open() == 0);
	}

}
