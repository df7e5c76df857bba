package io.autorenew.openrouter;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Optional;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.retry.support.RetryTemplate;

/**
 * OpenRouter's chat API, called with one user's runtime key. It knows nothing of users or
 * of renewal: a rejected key surfaces as an {@link OpenRouterException} of {@link UpstreamFailure#KEY_REJECTED}.
 */
public final class OpenRouterClient {

	static final String CHAT = "chat completion";

	static final String KEY_INFO = "key info";

	static final String MODELS = "model list";

	private static final MediaType EVENT_STREAM = MediaType.TEXT_EVENT_STREAM;

	private final JsonExchange exchange;

	private final ObjectMapper json;

	private final OpenRouterErrors errors;

	private final RetryTemplate retry;

	private final Streams streams;

	OpenRouterClient(JsonExchange exchange, ObjectMapper json, OpenRouterErrors errors, RetryTemplate retry,
			Streams streams) {
		this.exchange = exchange;
		this.json = json;
		this.errors = errors;
		this.retry = retry;
		this.streams = streams;
	}

	/**
	 * How streams are opened and read: a JDK client used directly (a stream's body is an
	 * {@code InputStream} whose {@code close()} cancels the exchange without draining it), the
	 * API's base URL and the attribution headers, a bound on the wait for OpenRouter's answer
	 * ({@code HttpRequest.timeout}, which ends when the headers arrive; a stream may then run
	 * for minutes, its quiet time watched while it is relayed), the scheduler that watches
	 * every stream's clock, and the executor that writes heartbeats.
	 */
	public record Streams(HttpClient http, String base, Map<String, String> headers,
			Duration answerTimeout, ScheduledExecutorService ticker, Executor writers, StreamDrain drain) {
	}

	/**
	 * Posts a body built by a request policy to one of OpenRouter's APIs ({@code path} under
	 * the base URL, e.g. {@code /responses}) with the caller's allowed headers, and answers
	 * OpenRouter's body as it is, trying again like {@link #complete}.
	 * @param operation what the call is, as errors and logs name it
	 * @throws OpenRouterException classified by {@link OpenRouterErrors}
	 */
	public byte[] post(String operation, String path, ApiKey key, byte[] body, Map<String, String> headers) {
		return this.retry.execute((context) -> {
			byte[] answer = this.exchange.post(operation, path, key, body, headers);
			if (answer.length == 0) {
				throw new OpenRouterException(UpstreamFailure.UNAVAILABLE, operation, 200, "empty answer");
			}
			return answer;
		});
	}

	/**
	 * Opens a stream on one of OpenRouter's APIs ({@code path}, a body with
	 * {@code "stream": true}): returns once OpenRouter has answered 200 with an event stream,
	 * before any event is read, so a 401 or any other refusal surfaces here, before a byte
	 * reaches the caller. Opening is tried again like {@link #complete}; what follows is never
	 * replayed.
	 * @throws OpenRouterException classified by {@link OpenRouterErrors}
	 */
	public StreamRelay open(String operation, String path, ApiKey key, byte[] body, Map<String, String> headers) {
		URI uri = URI.create(this.streams.base() + path);
		return this.retry.execute((context) -> openOnce(operation, uri, key, body, headers));
	}

	private StreamRelay openOnce(String operation, URI uri, ApiKey key, byte[] body, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.timeout(this.streams.answerTimeout())
			.header(HttpHeaders.AUTHORIZATION, key.bearer())
			.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
			.header(HttpHeaders.ACCEPT, MediaType.TEXT_EVENT_STREAM_VALUE)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		this.streams.headers().forEach(request::header);
		headers.forEach(request::header);
		HttpResponse<InputStream> response;
		try {
			response = this.streams.http().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
		}
		catch (IOException ex) {
			throw this.errors.fromTransport(operation, ex);
		}
		catch (InterruptedException ex) {
			throw OpenRouterErrors.interrupted(operation);
		}
		return open(operation, response);
	}

	private StreamRelay open(String operation, HttpResponse<InputStream> response) {
		InputStream body = response.body();
		try {
			int status = response.statusCode();
			if (status >= 400) {
				throw this.errors.fromStatus(operation, status, JsonExchange.springHeaders(response),
						() -> this.errors.errorBody(() -> body));
			}
			String type = response.headers().firstValue(HttpHeaders.CONTENT_TYPE).orElse("");
			if (!isEventStream(type)) {
				throw new OpenRouterException(UpstreamFailure.UNAVAILABLE, operation, status,
						"answer that is not an event stream");
			}
			return new StreamRelay(body, this.streams.ticker(), this.streams.writers(), this.streams.drain());
		}
		catch (RuntimeException ex) {
			closeQuietly(body);
			throw ex;
		}
	}

	private static boolean isEventStream(String type) {
		try {
			return !type.isEmpty() && EVENT_STREAM.isCompatibleWith(MediaType.parseMediaType(type));
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	private static void closeQuietly(InputStream body) {
		try {
			body.close();
		}
		catch (IOException ex) {
			// closing cancels the exchange; nothing more to do
		}
	}

	/**
	 * OpenRouter's model list ({@code GET /models}, public), as it answers it.
	 * @throws OpenRouterException classified by {@link OpenRouterErrors}
	 */
	public byte[] models() {
		return this.exchange.get(MODELS, "/models", null);
	}

	/**
	 * Sends one non-streaming chat completion, trying again (within the call's deadline)
	 * while OpenRouter is briefly unable to answer or asks to wait.
	 * @throws OpenRouterException classified by {@link OpenRouterErrors}: the last outcome
	 * when attempts run out
	 */
	public ChatCompletion complete(ApiKey key, ChatRequest request) {
		return this.retry.execute((context) -> attempt(key, request));
	}

	private ChatCompletion attempt(ApiKey key, ChatRequest request) {
		byte[] answer = this.exchange.post(CHAT, "/chat/completions", key, this.json.writeValueAsBytes(request),
				Map.of());
		JsonNode parsed = read(CHAT, answer, JsonNode.class);
		ChatCompletion completion = (parsed != null && parsed.isObject()) ? new ChatCompletion(parsed) : null;
		if (completion == null || completion.content().filter((text) -> !text.isBlank()).isEmpty()) {
			throw new OpenRouterException(UpstreamFailure.UNAVAILABLE, CHAT, 200, "answer without a message");
		}
		return completion;
	}

	/**
	 * Reads a 200's body; {@code null} for an empty one. A body that does not parse is not
	 * kept as the cause: parser messages quote the body.
	 */
	private <T> T read(String operation, byte[] answer, Class<T> type) {
		if (answer.length == 0) {
			return null;
		}
		try {
			return this.json.readValue(answer, type);
		}
		catch (JacksonException ex) {
			throw new OpenRouterException(UpstreamFailure.UNAVAILABLE, operation, OpenRouterException.NO_RESPONSE,
					"unreadable answer", null);
		}
	}

	/**
	 * What OpenRouter reports of {@code key} itself: usage and remaining limit.
	 * @throws OpenRouterException classified by {@link OpenRouterErrors}
	 */
	public KeyUsage keyUsage(ApiKey key) {
		KeyUsage.Envelope envelope = read(KEY_INFO, this.exchange.get(KEY_INFO, "/key", key), KeyUsage.Envelope.class);
		if (envelope == null || envelope.data() == null) {
			throw new OpenRouterException(UpstreamFailure.UNAVAILABLE, KEY_INFO, 200, "answer without data");
		}
		return envelope.data();
	}

	/**
	 * Body of {@code POST /chat/completions}: OpenRouter's {@code ChatRequest}, reduced to
	 * what this service sends. {@code max_tokens} bounds what one request can cost;
	 * {@code stream} is sent only when true.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record ChatRequest(String model, List<ChatMessage> messages, @JsonProperty("max_tokens") int maxTokens,
			Boolean stream) {

		public ChatRequest {
			messages = List.copyOf(messages);
		}

		public static ChatRequest of(String model, String prompt, int maxTokens) {
			return new ChatRequest(model, List.of(ChatMessage.user(prompt)), maxTokens, null);
		}

		/** The same request, asking OpenRouter to stream its answer. */
		public ChatRequest streaming() {
			return new ChatRequest(this.model, this.messages, this.maxTokens, Boolean.TRUE);
		}

	}

	/**
	 * One message of a chat completion request. Its {@link #toString()} shows the role and the
	 * length only: message text is user content and is never logged.
	 */
	record ChatMessage(String role, String content) {

		public static ChatMessage user(String content) {
			return new ChatMessage("user", content);
		}

		@Override
		public String toString() {
			return "ChatMessage[role=" + this.role + ", content=(" + (this.content == null ? 0 : this.content.length())
					+ " chars)]";
		}

	}

	/**
	 * OpenRouter's non-streaming {@code ChatResult}, as parsed: the service reads its id, its
	 * model, the first choice's text and the usage, and the spend meter reads the answer itself.
	 * Its {@link #toString()} shows no text: the answer is user content and is never logged.
	 *
	 * @param answer the parsed answer, a JSON object
	 */
	public record ChatCompletion(JsonNode answer) {

		/** OpenRouter's generation id, {@code null} when it did not say. */
		public String id() {
			return string(this.answer.path("id"));
		}

		/** The model that answered, {@code null} when OpenRouter did not say. */
		public String model() {
			return string(this.answer.path("model"));
		}

		/** The first choice's assistant text, if the answer has one. */
		public Optional<String> content() {
			return Optional.ofNullable(string(this.answer.path("choices").path(0).path("message").path("content")));
		}

		/** One of {@code usage}'s counts ({@code prompt_tokens}, …), 0 when OpenRouter did not say. */
		public long tokens(String count) {
			return this.answer.path("usage").path(count).asLong(0);
		}

		private static String string(JsonNode value) {
			return value.isString() ? value.asString() : null;
		}

		@Override
		public String toString() {
			return "ChatCompletion[id=" + id() + ", model=" + model() + ", content=("
					+ content().map(String::length).orElse(0) + " chars)]";
		}

	}

	/**
	 * What OpenRouter's {@code GET /key} says of the key it was called with.
	 *
	 * @param usage credits used, in USD
	 * @param limit the key's spending limit in USD, or {@code null} for none
	 * @param limitRemaining what is left of the limit, or {@code null} for no limit
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record KeyUsage(Double usage, Double limit, @JsonProperty("limit_remaining") Double limitRemaining,
			@JsonProperty("usage_daily") Double usageDaily, @JsonProperty("usage_weekly") Double usageWeekly,
			@JsonProperty("usage_monthly") Double usageMonthly) {

		/** The envelope {@code {"data": {...}}}. */
		@JsonIgnoreProperties(ignoreUnknown = true)
		record Envelope(KeyUsage data) {
		}

	}

}
