package io.autorenew.openrouter;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
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
	 * every stream's clock, the executor that writes heartbeats, and who is told of a 401 as
	 * soon as its headers are read.
	 */
	public record Streams(Connections http, String base, Map<String, String> headers,
			Duration answerTimeout, ScheduledExecutorService ticker, Executor writers, StreamDrain drain,
			KeyRefusals refusals) {
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
		HttpRequest built = request.build();
		Connections connections = this.streams.http();
		int from = 0;
		while (true) {
			Connections.Slot slot = connections.slot(from);
			if (slot == null) {
				throw this.errors.fromTransport(operation, new IOException(Connections.FULL));
			}
			boolean opener = false;
			boolean relayed = false;
			try {
				opener = slot.client().claim();
				HttpResponse.BodyHandler<InputStream> events = this.streams.refusals()
					.watching(key, HttpResponse.BodyHandlers.ofInputStream());
				HttpResponse<InputStream> response = slot.http()
					.send(built, opener ? slot.client().signalling(events) : events);
				// the stream holds its slot until its body is closed, by the relay or on a refusal
				StreamRelay relay = open(operation, response, slot.releasing(response.body()));
				relayed = true;
				return relay;
			}
			catch (IOException ex) {
				if (!Connections.full(ex)) {
					throw this.errors.fromTransport(operation, ex);
				}
				// that client's connection had no stream left: it teaches the limit, the next one takes it
				connections.refused(slot);
			}
			catch (InterruptedException ex) {
				throw OpenRouterErrors.interrupted(operation);
			}
			finally {
				if (opener) {
					slot.client().openerEnded();
				}
				if (!relayed) {
					slot.close();
				}
			}
			from = slot.next();
		}
	}

	private StreamRelay open(String operation, HttpResponse<InputStream> response, InputStream body) {
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

}
