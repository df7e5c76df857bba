package io.autorenew.openrouter;

import java.time.Duration;
import java.time.Instant;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.autorenew.support.Api.Response;
import io.autorenew.support.DeadlinesIntegrationTest;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.StoredKeys;
import io.autorenew.support.Tokens;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenRouter's chat API misbehaving at the wire (WireMock faults, delays, odd statuses and
 * bodies) while the caller holds a stored key: every outcome is classified once, retried
 * only when retrying can help, and never costs a mint or the stored key.
 */
class UpstreamFaultsIntegrationTests extends DeadlinesIntegrationTest {

	private static final String CHAT = OpenRouterStub.BASE_PATH + "/chat/completions";

	private static final String PROMPT = "{\"prompt\":\"Summarise the quarterly report.\"}";

	private static final String KEY = "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";

	private static final String HASH = "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d";

	/** Text only the upstream's body holds: it must never reach the caller. */
	private static final String MARKER = "UPSTREAM-BODY-MARKER-41d9";

	private Document storedKey;

	@BeforeEach
	void userHoldsAKey() {
		StoredKeys.seed("alice", KEY, HASH);
		this.storedKey = StoredKeys.of("alice");
	}

	@ParameterizedTest
	@EnumSource(value = Fault.class,
			names = { "CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE", "MALFORMED_RESPONSE_CHUNK", "RANDOM_DATA_THEN_CLOSE" })
	void brokenConnectionsAreRetriedThenAnswer502(Fault fault) {
		chatAnswers(aResponse().withFault(fault));

		assertProblem(analyse(), 502, "upstream_error");
		assertUpstreamCalls(MAX_ATTEMPTS);
	}

	@ParameterizedTest
	@EnumSource(value = Fault.class,
			names = { "CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE", "MALFORMED_RESPONSE_CHUNK", "RANDOM_DATA_THEN_CLOSE" })
	void aBrokenConnectionThatHealsIsRetriedTransparently(Fault fault) {
		chatAnswersOnceThenHeals(aResponse().withFault(fault));

		assertAnswered(analyse());
		assertUpstreamCalls(2);
	}

	@Test
	void anUpstreamSlowerThanTheReadTimeoutAnswers504() {
		chatAnswers(OpenRouterStub.json(200, OpenRouterStub.completion("late")).withFixedDelay(1_500));

		assertProblem(analyse(), 504, "upstream_timeout");
		assertUpstreamCalls(MAX_ATTEMPTS);
	}

	@Test
	void randomDelaysWithinTheReadTimeoutAreServed() {
		chatAnswers(OpenRouterStub.json(200, OpenRouterStub.completion("The text is short and clear."))
			.withUniformRandomDelay(50, 500));

		assertAnswered(analyse());
		assertUpstreamCalls(1);
	}

	@Test
	void serviceUnavailableThenSuccessIsRetried() {
		chatAnswersOnceThenHeals(OpenRouterStub.error(503, "Service Unavailable " + MARKER));

		assertAnswered(analyse());
		assertUpstreamCalls(2);
	}

	@Test
	void serverErrorsThatPersistAnswer502() {
		chatAnswers(OpenRouterStub.error(500, "Internal Server Error " + MARKER));

		Response response = analyse();

		assertProblem(response, 502, "upstream_error");
		assertThat(response.body()).doesNotContain(MARKER);
		assertUpstreamCalls(MAX_ATTEMPTS);
	}

	@ParameterizedTest
	@ValueSource(ints = { 408, 502, 524, 529 })
	void transientStatusesAreRetried(int status) {
		chatAnswersOnceThenHeals(OpenRouterStub.error(status, "Try again " + MARKER));

		assertAnswered(analyse());
		assertUpstreamCalls(2);
	}

	@Test
	void rateLimitWithRetryAfterIsWaitedOutThenRetried() {
		chatAnswersOnceThenHeals(OpenRouterStub.error(429, "Rate limit exceeded").withHeader("Retry-After", "1"));

		long started = System.nanoTime();
		Response response = analyse();
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		assertAnswered(response);
		assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(950));
		assertUpstreamCalls(2);
	}

	@Test
	void rateLimitWithAResetTimeIsWaitedOutThenRetried() {
		String reset = Long.toString(Instant.now().plusMillis(1_500).toEpochMilli());
		chatAnswersOnceThenHeals(OpenRouterStub.error(429, "Rate limit exceeded").withHeader("X-RateLimit-Reset", reset));

		long started = System.nanoTime();
		Response response = analyse();
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		assertAnswered(response);
		assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(950));
		assertUpstreamCalls(2);
	}

	@Test
	void rateLimitLongerThanTheDeadlineIsReturnedAtOnce() {
		chatAnswers(OpenRouterStub.error(429, "Rate limit exceeded").withHeader("Retry-After", "3600"));

		long started = System.nanoTime();
		Response response = analyse();
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		assertProblem(response, 429, "upstream_rate_limited");
		assertThat(response.retryAfter()).isEqualTo("3600");
		assertThat(took).isLessThan(Duration.ofSeconds(5));
		assertUpstreamCalls(1);
	}

	@ParameterizedTest
	@ValueSource(ints = { 400, 404, 413, 422 })
	void requestsOpenRouterRefusesAnswer502WithASafeDetail(int status) {
		chatAnswers(OpenRouterStub.error(status, "Invalid request: " + MARKER));

		Response response = analyse();

		assertProblem(response, 502, "upstream_rejected");
		assertThat(response.body()).doesNotContain(MARKER).doesNotContain(KEY).doesNotContain("Summarise");
		assertThat(response.json().path("detail").asString()).isNotBlank();
		assertUpstreamCalls(1);
	}

	@Test
	void moderationAnswers422ContentBlocked() {
		chatAnswers(OpenRouterStub.error(403, "Your input was flagged by moderation: " + MARKER));

		Response response = analyse();

		assertProblem(response, 422, "content_blocked");
		assertThat(response.body()).doesNotContain(MARKER);
		assertUpstreamCalls(1);
	}

	@Test
	void paymentRequiredAnswers402WithoutMinting() {
		chatAnswers(OpenRouterStub.error(402, "Insufficient credits " + MARKER));

		Response response = analyse();

		assertProblem(response, 402, "credits_exhausted");
		assertThat(response.body()).doesNotContain(MARKER);
		assertUpstreamCalls(1);
	}

	@Test
	void keyLimitExceededAnswers402WithoutMinting() {
		chatAnswers(OpenRouterStub.error(403, "Key limit exceeded"));

		assertProblem(analyse(), 402, "budget_exhausted");
		assertUpstreamCalls(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"choices\":[]}", "{\"id\":\"gen-1\"}", "{\"choices\":[{\"index\":0,\"message\":null}]}",
			"{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null}}]}",
			"{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"\"}}]}", "not json at all",
			"" })
	void aSuccessWithoutAnAnswerIsRetriedThenAnswers502(String body) {
		chatAnswers(OpenRouterStub.json(200, body));

		Response response = analyse();

		assertProblem(response, 502, "upstream_error");
		assertUpstreamCalls(MAX_ATTEMPTS);
	}

	private Response analyse() {
		return this.api.analyse(Tokens.user("alice"), PROMPT);
	}

	private static void chatAnswers(ResponseDefinitionBuilder answer) {
		OpenRouterStub.stub(post(urlPathEqualTo(CHAT)).atPriority(1).willReturn(answer));
	}

	/** The first chat call gets {@code answer}; later ones OpenRouter's normal completion. */
	private static void chatAnswersOnceThenHeals(ResponseDefinitionBuilder answer) {
		OpenRouterStub.stub(post(urlPathEqualTo(CHAT)).atPriority(1)
			.inScenario("upstream fault")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(answer)
			.willSetStateTo("healed"));
	}

	private static void assertAnswered(Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.json().path("analysis").asString()).isEqualTo("The text is short and clear.");
		assertThat(response.json().path("keyProvisioned").asBoolean()).isFalse();
		assertThat(response.json().path("keyRenewed").asBoolean()).isFalse();
	}

	private static void assertProblem(Response response, int status, String code) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.code()).isEqualTo(code);
		assertThat(response.body()).doesNotContain(KEY);
	}

	/** Chat was called this often, always with the stored key; nothing minted, deleted or changed. */
	private void assertUpstreamCalls(int chatCalls) {
		assertThat(OpenRouterStub.chatBearers()).hasSize(chatCalls).containsOnly(KEY);
		assertThat(OpenRouterStub.mintRequests()).isEmpty();
		assertThat(OpenRouterStub.deletedHashes()).isEmpty();
		assertThat(StoredKeys.all()).containsExactly(this.storedKey);
	}

}
