package io.autorenew.openrouter;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.Map;

import io.autorenew.openrouter.KeyApiBodies.CreateKeyResponse;
import io.autorenew.support.OpenRouterStub;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.ObjectMapper;

import org.springframework.mock.http.client.MockClientHttpResponse;
import org.springframework.retry.support.RetryTemplate;

import static io.autorenew.support.PrintsNoSecret.assertPrintsNo;
import static io.autorenew.support.PrintsNoSecret.assertTextHasNo;
import static io.autorenew.support.PrintsNoSecret.assertThrowablePrintsNo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * {@code openrouter}'s secret-holding types print keys masked and prompts not at all, and a
 * failed OpenRouter call becomes an exception whose message names no key, prompt or upstream
 * body (the rest of the service: {@code SecretToStringTests}).
 */
class OpenRouterSecretToStringTests {

	private static final String KEY = "sk-or-v1-"
			+ "5d2b9c41e0f7a3b6c8d1e4f7a0b3c6d9e2f5a8b1c4d7e0f3a6b9c2d5e8f1a4b7";

	private static final String MANAGEMENT_KEY = "sk-or-v1-"
			+ "9e8d7c6b5a49382716f0e1d2c3b4a5968778695a4b3c2d1e0f9e8d7c6b5a4938";

	private static final String PROMPT = "Confidential PROMPT-4f2a: the merger with Initech closes on Friday.";

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-02T10:00:00Z"), ZoneOffset.UTC);

	@Test
	void apiKeyPrintsOnlyTheLastFourCharacters() {
		ApiKey key = new ApiKey(KEY);

		assertPrintsNo(key, KEY);
		assertThat(key).hasToString("****" + KEY.substring(KEY.length() - 4));
	}

	@Test
	void chatMessagesRequestsAndAnswersPrintNoText() {
		ChatMessage message = ChatMessage.user(PROMPT);
		ChatCompletion completion = new ChatCompletion(new ObjectMapper().readTree("""
				{"id": "gen-1", "model": "openai/gpt-4o-mini",
				 "choices": [{"index": 0, "message": {"role": "assistant", "content": "%s"}, "finish_reason": "stop"}]}
				""".formatted(PROMPT)));

		assertPrintsNo(message, PROMPT);
		assertPrintsNo(ChatRequest.of("openai/gpt-4o-mini", PROMPT, 1024), PROMPT);
		assertPrintsNo(completion, PROMPT);
		assertThat(completion.content()).contains(PROMPT);
		assertThat(completion).hasToString("ChatCompletion[id=gen-1, model=openai/gpt-4o-mini, content=("
				+ PROMPT.length() + " chars)]");
	}

	/** Every way a chat or key-info call can fail, with an upstream body echoing key and prompt. */
	@ParameterizedTest
	@ValueSource(ints = { 400, 401, 402, 403, 404, 408, 413, 422, 429, 500, 502, 503, 524, 529 })
	void failedOpenRouterCallsNameNoKeyPromptOrBody(int status) {
		String echo = ((status == 403) ? "Key limit exceeded for " : "Rejected ") + KEY + ": " + PROMPT;
		String body = "{\"error\":{\"code\":" + status + ",\"message\":\"" + echo + "\"}}";

		for (Throwable failure : failedCalls(status, body)) {
			assertThat(failure).isInstanceOf(OpenRouterException.class);
			assertThrowablePrintsNo(failure, KEY, PROMPT, echo);
		}
	}

	@Test
	void aTwoHundredThatDoesNotParseFailsWithAMessageNamingNoKeyPromptOrBody() {
		String echo = "Rejected " + KEY + ": " + PROMPT;

		for (Throwable failure : failedCalls(200, unparseable(echo))) {
			assertThat(failure).isInstanceOf(OpenRouterException.class);
			assertTextHasNo(failure.getClass().getName(), failure + "\n" + failure.getMessage(), KEY, PROMPT, echo);
		}
	}

	/**
	 * The cause an {@link OpenRouterException} keeps for an unreadable answer is Jackson's
	 * error, which quotes the offending value: logged with its stack trace, the exception
	 * would print the upstream body.
	 */
	@Test
	void aTwoHundredThatDoesNotParseLeavesNoTraceOfTheBodyInTheCauses() {
		String echo = "Rejected " + KEY + ": " + PROMPT;

		for (Throwable failure : failedCalls(200, unparseable(echo))) {
			assertThrowablePrintsNo(failure, KEY, PROMPT, echo);
		}
	}

	@ParameterizedTest
	@ValueSource(ints = { 400, 401, 402, 403, 404, 429, 500, 503 })
	void failedKeyManagementCallsNameNoManagementKey(int status) throws Exception {
		String body = "{\"error\":{\"code\":" + status + ",\"message\":\"Invalid management key " + MANAGEMENT_KEY
				+ "\"}}";
		MockClientHttpResponse response = new MockClientHttpResponse(body.getBytes(StandardCharsets.UTF_8), status);

		OpenRouterException failure = errors().fromResponse("key mint", response);

		assertThrowablePrintsNo(failure, MANAGEMENT_KEY);
	}

	@Test
	void createKeyResponsePrintsTheNewKeyMasked() {
		CreateKeyResponse.Data data = new CreateKeyResponse.Data("hash-1", "sk-or-v1-5d2...a4b7",
				"2026-12-02T10:00:00Z");

		assertPrintsNo(new CreateKeyResponse(data, KEY), KEY);
	}

	// helpers

	/**
	 * A chat call and a key-info call that OpenRouter (the stand-in, over real HTTP) answers
	 * {@code status} with {@code body}.
	 */
	private static List<Throwable> failedCalls(int status, String body) {
		OpenRouterStub.reset();
		OpenRouterStub.stub(post(urlPathEqualTo(OpenRouterStub.BASE_PATH + "/chat/completions")).atPriority(1)
			.willReturn(OpenRouterStub.json(status, body)));
		OpenRouterStub.stub(get(urlPathEqualTo(OpenRouterStub.BASE_PATH + "/key")).atPriority(1)
			.willReturn(OpenRouterStub.json(status, body)));
		Connections http = Connections.of(HttpClient.newHttpClient());
		OpenRouterErrors errors = errors();
		ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
		JsonExchange exchange = new JsonExchange(http, OpenRouterStub.baseUrl(), Map.of(),
				new ExchangeDeadlines(Duration.ofSeconds(5), ticker), errors,
				new ClientTimers(new SimpleMeterRegistry(), "127.0.0.1"), KeyRefusals.NONE);
		OpenRouterClient client = new OpenRouterClient(exchange, new ObjectMapper(), errors,
				RetryTemplate.builder().maxAttempts(1).build(), null);

		ChatRequest request = ChatRequest.of("openai/gpt-4o", PROMPT, 1024);
		Throwable chat = catchThrowable(() -> client.complete(new ApiKey(KEY), request));
		Throwable keyInfo = catchThrowable(() -> client.keyUsage(new ApiKey(KEY)));
		ticker.shutdownNow();
		assertThat(OpenRouterStub.requests("POST", OpenRouterStub.BASE_PATH + "/chat/completions")).hasSize(1);
		assertThat(OpenRouterStub.requests("GET", OpenRouterStub.BASE_PATH + "/key")).hasSize(1);
		return List.of(chat, keyInfo);
	}

	/** JSON that parses, but holds {@code text} where chat's choices and key-info's data belong. */
	private static String unparseable(String text) {
		return "{\"id\":\"gen-1\",\"choices\":\"" + text + "\",\"data\":\"" + text + "\"}";
	}

	private static OpenRouterErrors errors() {
		return new OpenRouterErrors(new ObjectMapper(), CLOCK);
	}

}
