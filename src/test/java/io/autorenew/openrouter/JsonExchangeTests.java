package io.autorenew.openrouter;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.autorenew.support.OpenRouterStub;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The plain calls' exchange, over real HTTP against the stand-in: the read timeout bounds the
 * whole exchange (an answer whose body trickles in past it fails as a timeout, one that ends
 * before it is read), refusals are classified, and every exchange is timed as
 * {@code http.client.requests} with the tags Spring's observation gives the others.
 */
class JsonExchangeTests {

	private static final String CHAT = OpenRouterStub.BASE_PATH + "/chat/completions";

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	/** The keys the exchange told were refused. */
	private final List<ApiKey> refusals = new CopyOnWriteArrayList<>();

	private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();

	/**
	 * The read timeout: well over the 200 ms a trickled answer takes, as a new client's first
	 * exchange early in a loaded suite run once took 845 ms (at 800 ms); well under the 3 s the
	 * late answers take.
	 */
	private final JsonExchange exchange = new JsonExchange(Connections.of(HttpClient.newHttpClient()), OpenRouterStub.baseUrl(),
			Map.of("X-Title", "tests"), new ExchangeDeadlines(Duration.ofMillis(1500), this.ticker),
			new OpenRouterErrors(new ObjectMapper(), Clock.systemUTC()),
			new ClientTimers(this.registry, "127.0.0.1"), this.refusals::add);

	@BeforeEach
	void resetStub() {
		OpenRouterStub.reset();
	}

	@AfterEach
	void stopTicker() {
		this.ticker.shutdownNow();
	}

	@Test
	void aBodyThatEndsWithinTheReadTimeoutIsAnswered() {
		OpenRouterStub.stub(post(urlPathEqualTo(CHAT)).atPriority(1)
			.willReturn(aResponse().withStatus(200).withBody("{\"id\":\"gen-1\"}").withChunkedDribbleDelay(4, 200)));

		byte[] answer = this.exchange.post("chat completion", "/chat/completions", new ApiKey("sk-or-v1-abcd"),
				"{}".getBytes(StandardCharsets.UTF_8), Map.of("X-Request-Id", "r-1"));

		assertThat(new String(answer, StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"gen-1\"}");
		assertThat(OpenRouterStub.chatRequests()).singleElement().satisfies((request) -> {
			assertThat(request.getHeader("Authorization")).isEqualTo("Bearer sk-or-v1-abcd");
			assertThat(request.getHeader("X-Title")).isEqualTo("tests");
			assertThat(request.getHeader("X-Request-Id")).isEqualTo("r-1");
			assertThat(request.getHeader("Content-Type")).isEqualTo("application/json");
		});
		assertThat(timer("200", "SUCCESS", "none").count()).isEqualTo(1);
	}

	@Test
	void aBodyStillTricklingInAtTheReadTimeoutIsATimeout() {
		OpenRouterStub.stub(post(urlPathEqualTo(CHAT)).atPriority(1)
			.willReturn(aResponse().withStatus(200).withBody("{\"id\":\"gen-1\"}").withChunkedDribbleDelay(4, 3000)));

		OpenRouterException failure = catchThrowableOfType(OpenRouterException.class,
				() -> this.exchange.post("chat completion", "/chat/completions", new ApiKey("sk-or-v1-abcd"),
						"{}".getBytes(StandardCharsets.UTF_8), Map.of()));

		assertThat(failure.upstream()).isEqualTo(UpstreamFailure.TIMEOUT);
		assertThat(timer("CLIENT_ERROR", "UNKNOWN", "TimeoutException").count()).isEqualTo(1);
	}

	@Test
	void anAnswerWhoseHeadersComeAfterTheReadTimeoutIsATimeout() {
		OpenRouterStub.stub(post(urlPathEqualTo(CHAT)).atPriority(1)
			.willReturn(aResponse().withStatus(200).withBody("{\"id\":\"gen-1\"}").withFixedDelay(3000)));

		OpenRouterException failure = catchThrowableOfType(OpenRouterException.class,
				() -> this.exchange.post("chat completion", "/chat/completions", new ApiKey("sk-or-v1-abcd"),
						"{}".getBytes(StandardCharsets.UTF_8), Map.of()));

		assertThat(failure.upstream()).isEqualTo(UpstreamFailure.TIMEOUT);
		assertThat(timer("CLIENT_ERROR", "UNKNOWN", "TimeoutException").count()).isEqualTo(1);
	}

	@Test
	void aRefusalIsClassifiedAndTimedWithItsStatus() {
		OpenRouterStub.chatFailsFor(429, "slow down");

		OpenRouterException failure = catchThrowableOfType(OpenRouterException.class,
				() -> this.exchange.post("chat completion", "/chat/completions", new ApiKey("sk-or-v1-abcd"),
						"{}".getBytes(StandardCharsets.UTF_8), Map.of()));

		assertThat(failure.upstream()).isEqualTo(UpstreamFailure.RATE_LIMITED);
		assertThat(timer("429", "CLIENT_ERROR", "none").count()).isEqualTo(1);
	}

	@Test
	void aKeyRefusedWith401IsToldBeforeTheCallerReadsTheAnswer() {
		OpenRouterStub.chatFailsFor(401, "User not found.");
		ApiKey key = new ApiKey("sk-or-v1-refused");

		OpenRouterException failure = catchThrowableOfType(OpenRouterException.class,
				() -> this.exchange.post("chat completion", "/chat/completions", key,
						"{}".getBytes(StandardCharsets.UTF_8), Map.of()));

		assertThat(failure.upstream()).isEqualTo(UpstreamFailure.KEY_REJECTED);
		assertThat(this.refusals).containsExactly(key);
	}

	@Test
	void otherAnswersAndReadsAreNotRefusals() {
		OpenRouterStub.chatFailsFor(402, "Insufficient credits");
		catchThrowableOfType(OpenRouterException.class, () -> this.exchange.post("chat completion",
				"/chat/completions", new ApiKey("sk-or-v1-poor"), "{}".getBytes(StandardCharsets.UTF_8), Map.of()));
		OpenRouterStub.stub(get(urlPathEqualTo(OpenRouterStub.BASE_PATH + "/models")).atPriority(1)
			.willReturn(OpenRouterStub.json(401, "{\"error\":{\"code\":401,\"message\":\"No auth\"}}")));
		catchThrowableOfType(OpenRouterException.class, () -> this.exchange.get("model list", "/models", null));
		// a read with the key (an operator's look at its usage) decides itself what a 401 means: no renewal
		OpenRouterStub.stub(get(urlPathEqualTo(OpenRouterStub.BASE_PATH + "/key")).atPriority(1)
			.willReturn(OpenRouterStub.json(401, "{\"error\":{\"code\":401,\"message\":\"User not found.\"}}")));
		catchThrowableOfType(OpenRouterException.class,
				() -> this.exchange.get("key info", "/key", new ApiKey("sk-or-v1-looked-at")));

		assertThat(OpenRouterStub.chatRequests()).hasSize(1);
		assertThat(OpenRouterStub.requests("GET", OpenRouterStub.BASE_PATH + "/key")).hasSize(1);
		assertThat(this.refusals).isEmpty();
	}

	private Timer timer(String status, String outcome, String exception) {
		return this.registry.get("http.client.requests")
			.tags("client.name", "127.0.0.1", "method", "POST", "uri", "/chat/completions", "status", status,
					"outcome", outcome, "exception", exception, "error", exception)
			.timer();
	}

}
