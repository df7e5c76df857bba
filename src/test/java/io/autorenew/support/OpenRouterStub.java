package io.autorenew.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * WireMock standing in for OpenRouter (chat and key-management APIs) on a dynamic loopback
 * port, answering with bodies shaped as OpenRouter's published OpenAPI spec. Shared by every
 * test in the JVM; {@link #reset()} restores the default behaviour: key management
 * ({@code POST/GET /keys}, {@code DELETE /keys/{hash}}, {@code GET /key}) goes through the
 * stateful {@link OpenRouterLedger}, and chat answers with any bearer (see
 * {@link #chatChecksLedger()}). Every key-management request and answer is checked against
 * the spec ({@link #specViolations()}).
 */
public final class OpenRouterStub {

	public static final String MANAGEMENT_KEY = "sk-or-v1-mgmt-7f3c9a1e5b2d4f6a8c0e2b4d6f8a1c3e5b7d9f1a3c5e7b9d1f3a";

	public static final String BASE_PATH = "/api/v1";

	static final String CHAT = BASE_PATH + "/chat/completions";

	public static final String RESPONSES = BASE_PATH + "/responses";

	public static final String MESSAGES = BASE_PATH + "/messages";

	/** OpenRouter's Anthropic Messages answer, as Anthropic's API reference shows one. */
	public static final String MESSAGE = """
			{"id":"msg_0123","type":"message","role":"assistant","model":"openai/gpt-4o-mini",\
			"content":[{"type":"text","text":"The text is short and clear."}],"stop_reason":"end_turn",\
			"stop_sequence":null,"usage":{"input_tokens":12,"output_tokens":7,"cache_read_input_tokens":4,\
			"cost":0.000014}}""";

	/** The Messages API's events for that answer, with their event names. */
	public static final String MESSAGE_EVENTS = """
			: OPENROUTER PROCESSING

			event: message_start
			data: {"type":"message_start","message":{"id":"msg_0123","type":"message","role":"assistant","model":"openai/gpt-4o-mini","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":12,"output_tokens":1}}}

			event: content_block_start
			data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

			event: ping
			data: {"type":"ping"}

			event: content_block_delta
			data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"The text "}}

			event: content_block_delta
			data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"is short and clear."}}

			event: content_block_stop
			data: {"type":"content_block_stop","index":0}

			event: message_delta
			data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":7,"cost":0.000014}}

			event: message_stop
			data: {"type":"message_stop"}

			""";

	/** OpenRouter's Responses API answer, as its API reference shows one. */
	public static final String RESPONSE = """
			{"id":"resp_0123","object":"response","created_at":1764921600,"model":"openai/gpt-4o-mini",\
			"status":"completed","output":[{"type":"message","id":"msg_0123","status":"completed","role":"assistant",\
			"content":[{"type":"output_text","text":"The text is short and clear.","annotations":[]}]}],\
			"usage":{"input_tokens":12,"output_tokens":7,"total_tokens":19,"input_tokens_details":{"cached_tokens":4},\
			"output_tokens_details":{"reasoning_tokens":2},"cost":0.000013}}""";

	/** OpenRouter's Responses API events for that answer, with their event names. */
	public static final String RESPONSE_EVENTS = """
			: OPENROUTER PROCESSING

			event: response.created
			data: {"type":"response.created","response":{"id":"resp_0123","object":"response","status":"in_progress","output":[]},"sequence_number":0}

			event: response.output_item.added
			data: {"type":"response.output_item.added","output_index":0,"item":{"type":"message","id":"msg_0123","status":"in_progress","role":"assistant","content":[]},"sequence_number":1}

			event: response.output_text.delta
			data: {"type":"response.output_text.delta","item_id":"msg_0123","output_index":0,"content_index":0,"delta":"The text ","sequence_number":2}

			event: response.output_text.delta
			data: {"type":"response.output_text.delta","item_id":"msg_0123","output_index":0,"content_index":0,"delta":"is short and clear.","sequence_number":3}

			event: response.output_item.done
			data: {"type":"response.output_item.done","output_index":0,"item":{"type":"message","id":"msg_0123","status":"completed","role":"assistant","content":[{"type":"output_text","text":"The text is short and clear.","annotations":[]}]},"sequence_number":4}

			event: response.completed
			data: {"type":"response.completed","response":%s,"sequence_number":5}

			""".formatted(RESPONSE.replace("\n", ""));

	static final String KEYS = BASE_PATH + "/keys";

	static final String KEY = BASE_PATH + "/key";

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final OpenApiValidation validation = new OpenApiValidation(BASE_PATH);

	private static WireMockServer server;

	private OpenRouterStub() {
	}

	public static synchronized WireMockServer server() {
		if (server == null) {
			server = new WireMockServer(WireMockConfiguration.options()
				.bindAddress("127.0.0.1")
				.dynamicPort()
				.extensions(new OpenRouterLedger()));
			server.addMockServiceRequestListener(validation);
			server.start();
			Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
			reset();
		}
		return server;
	}

	/** OpenRouter's base URL as the service is configured with it. */
	public static String baseUrl() {
		return server().baseUrl() + BASE_PATH;
	}

	/**
	 * Forgets every request, stub, ledger key and spec violation, then installs the default
	 * happy behaviour.
	 */
	public static void reset() {
		WireMockServer wm = server();
		wm.resetAll();
		OpenRouterLedger.reset();
		validation.clear();
		wm.stubFor(post(urlPathEqualTo(KEYS)).willReturn(ledger()));
		wm.stubFor(get(urlPathEqualTo(KEYS)).willReturn(ledger()));
		wm.stubFor(delete(urlPathMatching(KEYS + "/[^/]+")).willReturn(ledger()));
		wm.stubFor(patch(urlPathMatching(KEYS + "/[^/]+")).willReturn(ledger()));
		wm.stubFor(get(urlPathMatching(KEYS + "/[^/]+")).willReturn(ledger()));
		wm.stubFor(get(urlPathEqualTo(KEY)).willReturn(ledger()));
		wm.stubFor(post(urlPathEqualTo(CHAT)).willReturn(json(200, completion(OpenRouterLedger.COMPLETION))));
		wm.stubFor(get(urlPathEqualTo(BASE_PATH + "/models")).willReturn(json(200, MODELS)));
		wm.stubFor(post(urlPathEqualTo(RESPONSES)).willReturn(json(200, RESPONSE)));
		wm.stubFor(post(urlPathEqualTo(MESSAGES)).willReturn(json(200, MESSAGE)));
		wm.stubFor(post(urlPathEqualTo(MESSAGES)).withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
			.willReturn(eventStream(MESSAGE_EVENTS)));
		wm.stubFor(post(urlPathEqualTo(RESPONSES)).withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
			.willReturn(eventStream(RESPONSE_EVENTS)));
		wm.stubFor(post(urlPathEqualTo(CHAT)).withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
			.willReturn(eventStream(stream("The text ", "is short ", "and clear."))));
	}

	/** OpenRouter's {@code GET /models}, cut down: two models of the default allow-list and one dear one. */
	static final String MODELS = """
			{"data":[{"id":"openai/gpt-4o-mini","name":"OpenAI: GPT-4o-mini","created":1721260800,"context_length":128000},
			{"id":"openai/gpt-4o","name":"OpenAI: GPT-4o","created":1715558400,"context_length":128000},
			{"id":"anthropic/claude-haiku-4.5","name":"Anthropic: Claude Haiku 4.5","created":1730678400}]}""";

	/** Chat streams answer with this event stream (built with {@link #stream}). */
	public static void chatStreams(String events) {
		stub(post(urlPathEqualTo(CHAT)).atPriority(2)
			.withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
			.willReturn(eventStream(events)));
	}

	public static ResponseDefinitionBuilder eventStream(String events) {
		return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(events);
	}

	/**
	 * An OpenRouter event stream as the API sends it: a processing comment, a chunk per piece
	 * of text, a final chunk with {@code usage}, then {@code [DONE]}.
	 */
	public static String stream(String... pieces) {
		StringBuilder events = new StringBuilder(": OPENROUTER PROCESSING\n\n");
		for (String piece : pieces) {
			events.append(chunk(piece));
		}
		return events.append(usageChunk()).append("data: [DONE]\n\n").toString();
	}

	/** One content chunk. */
	public static String chunk(String text) {
		ObjectNode chunk = JSON.createObjectNode();
		chunk.put("id", "gen-1764000000-str").put("object", "chat.completion.chunk").put("created", 1764000000)
			.put("model", "openai/gpt-4o-mini");
		ObjectNode choice = chunk.putArray("choices").addObject();
		choice.put("index", 0).putObject("delta").put("role", "assistant").put("content", text);
		choice.putNull("finish_reason");
		return "data: " + chunk + "\n\n";
	}

	/** The final chunk: no content, {@code finish_reason: stop}, and the usage. */
	public static String usageChunk() {
		return "data: {\"id\":\"gen-1764000000-str\",\"object\":\"chat.completion.chunk\",\"created\":1764000000,"
				+ "\"model\":\"openai/gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},"
				+ "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":7,"
				+ "\"total_tokens\":19,\"prompt_tokens_details\":{\"cached_tokens\":4},"
				+ "\"completion_tokens_details\":{\"reasoning_tokens\":2},\"cost\":0.0000125}}\n\n";
	}

	/** OpenRouter's mid-stream error chunk: an {@code error} object and {@code finish_reason: error}. */
	public static String errorChunk(int status, String message) {
		return "data: {\"id\":\"gen-1764000000-str\",\"object\":\"chat.completion.chunk\",\"created\":1764000000,"
				+ "\"model\":\"openai/gpt-4o-mini\",\"error\":{\"code\":" + status + ",\"message\":\"" + message
				+ "\"},\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},\"finish_reason\":\"error\"}]}\n\n";
	}

	public static StubMapping stub(MappingBuilder mapping) {
		return server().stubFor(mapping);
	}

	/**
	 * The Responses and Messages APIs answer {@code status} for this key, each in its own
	 * error shape (Anthropic's for {@code /messages}).
	 */
	public static void agentApisReject(String key, int status, String message) {
		stub(post(urlPathEqualTo(RESPONSES)).atPriority(1)
			.withHeader("Authorization", equalTo("Bearer " + key))
			.willReturn(error(status, message)));
		stub(post(urlPathEqualTo(MESSAGES)).atPriority(1)
			.withHeader("Authorization", equalTo("Bearer " + key))
			.willReturn(json(status, "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\""
					+ message + "\"}}")));
	}

	public static void chatRejects(String key, int status, String message) {
		stub(post(urlPathEqualTo(CHAT)).atPriority(1)
			.withHeader("Authorization", equalTo("Bearer " + key))
			.willReturn(error(status, message)));
	}

	/** Chat answers {@code status} for every key. */
	public static void chatFailsFor(int status, String message) {
		stub(post(urlPathEqualTo(CHAT)).atPriority(2).willReturn(error(status, message)));
	}

	/** Every mint answers {@code status}. */
	public static void mintFails(int status) {
		stub(post(urlPathEqualTo(KEYS)).atPriority(1).willReturn(error(status, "Internal Server Error")));
	}

	/**
	 * Every mint creates its key in the ledger at once but answers only after {@code delay}:
	 * with a delay past the client's read timeout, the answer is lost and the key lives on.
	 */
	public static StubMapping mintTimesOut(Duration delay) {
		return stub(post(urlPathEqualTo(KEYS)).atPriority(1)
			.willReturn(ledger().withFixedDelay(Math.toIntExact(delay.toMillis()))));
	}

	/**
	 * Chat accepts only keys the ledger holds, live and unexpired, and answers 401
	 * {@code User not found.} otherwise. Priority 3: {@link #chatRejects} and
	 * {@link #chatFailsFor} still win.
	 */
	public static void messagesCheckLedger() {
		stub(post(urlPathEqualTo(MESSAGES)).atPriority(3).willReturn(ledger()));
	}

	public static void responsesCheckLedger() {
		stub(post(urlPathEqualTo(RESPONSES)).atPriority(3).willReturn(ledger()));
	}

	public static void chatChecksLedger() {
		stub(post(urlPathEqualTo(CHAT)).atPriority(3).willReturn(ledger()));
	}

	/** Key-management traffic since {@link #reset()} that disagrees with OpenRouter's spec. */
	public static List<String> specViolations() {
		server();
		return validation.violations();
	}

	public static ResponseDefinitionBuilder error(int status, String message) {
		return json(status, errorBody(status, message));
	}

	/** OpenRouter's error body: {@code {"error":{"code":…,"message":…}}}. */
	static String errorBody(int status, String message) {
		ObjectNode body = JSON.createObjectNode();
		body.putObject("error").put("code", status).put("message", message);
		return body.toString();
	}

	public static ResponseDefinitionBuilder json(int status, String body) {
		return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
	}

	public static String completion(String content) {
		return """
				{"id":"gen-1764000000-abc","object":"chat.completion","created":1764000000,"model":"openai/gpt-4o-mini",
				 "choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"%s"}}],
				 "usage":{"prompt_tokens":12,"completion_tokens":7,"total_tokens":19,
				  "prompt_tokens_details":{"cached_tokens":4},"completion_tokens_details":{"reasoning_tokens":2},
				  "cost":0.0000125}}"""
			.formatted(content);
	}

	/** An answer the {@link OpenRouterLedger} writes, keeping OpenRouter's key state. */
	public static ResponseDefinitionBuilder ledger() {
		return aResponse().withTransformers(OpenRouterLedger.NAME);
	}

	/** Requests in the order they arrived. */
	public static List<ServeEvent> events() {
		List<ServeEvent> events = new ArrayList<>(server().getAllServeEvents());
		java.util.Collections.reverse(events);
		return events;
	}

	public static List<LoggedRequest> requests(String method, String pathPrefix) {
		return events().stream()
			.map(ServeEvent::getRequest)
			.filter((request) -> request.getMethod().getName().equals(method) && request.getUrl().startsWith(pathPrefix))
			.toList();
	}

	public static List<LoggedRequest> mintRequests() {
		return requests("POST", KEYS);
	}

	public static List<LoggedRequest> chatRequests() {
		return requests("POST", CHAT);
	}

	public static List<String> deletedHashes() {
		return requests("DELETE", KEYS + "/").stream()
			.map((request) -> request.getUrl().substring((KEYS + "/").length()))
			.toList();
	}

	/** The bearer tokens chat calls carried, in order. */
	public static List<String> chatBearers() {
		return chatRequests().stream()
			.map((request) -> request.getHeader("Authorization").substring("Bearer ".length()))
			.toList();
	}

	/** Keys minted by successful {@code POST /keys} calls, in order. */
	public static List<Minted> minted() {
		return events().stream()
			.filter((event) -> event.getRequest().getUrl().startsWith(KEYS)
					&& "POST".equals(event.getRequest().getMethod().getName())
					&& event.getResponse().getStatus() == 201)
			.map((event) -> {
				JsonNode body = read(event.getResponse().getBodyAsString());
				return new Minted(body.path("key").asString(), body.path("data").path("hash").asString());
			})
			.toList();
	}

	public static int totalRequests() {
		return server().getAllServeEvents().size();
	}

	private static JsonNode read(String body) {
		return JSON.readTree(body);
	}

	/** A key the stub minted. */
	public record Minted(String key, String hash) {
	}

}
