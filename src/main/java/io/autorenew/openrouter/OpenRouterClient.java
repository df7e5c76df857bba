package io.autorenew.openrouter;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.retry.support.RetryTemplate;
import org.springframework.web.client.RestClient;

/**
 * OpenRouter's chat API, called with one user's runtime key. It knows nothing of users or
 * of renewal: a rejected key surfaces as {@link OpenRouterAuthenticationException}.
 */
public final class OpenRouterClient {

	static final String CHAT = "chat completion";

	static final String KEY_INFO = "key info";

	static final String MODELS = "model list";

	private static final MediaType EVENT_STREAM = MediaType.TEXT_EVENT_STREAM;

	private final RestClient http;

	private final OpenRouterErrors errors;

	private final RetryTemplate retry;

	private final Streams streams;

	public OpenRouterClient(RestClient http, OpenRouterErrors errors, RetryTemplate retry, Streams streams) {
		this.http = http;
		this.errors = errors;
		this.retry = retry;
		this.streams = streams;
	}

	/**
	 * How streams are opened and read: a client without a read timeout (a stream may run
	 * for minutes; its quiet time is watched while it is relayed), a bound on the wait for
	 * OpenRouter's answer, enforced by {@code watchdog} interrupting the opening thread, and
	 * the executor that runs each stream's reader.
	 */
	public record Streams(RestClient http, Duration answerTimeout, ScheduledExecutorService watchdog,
			Executor readers) {
	}

	/**
	 * Sends a chat completion body as it is (any field OpenRouter knows passes through) and
	 * answers OpenRouter's body as it is, trying again like {@link #complete}.
	 * @throws OpenRouterException classified by {@link OpenRouterErrors}
	 */
	public byte[] completeRaw(ApiKey key, byte[] body) {
		return this.retry.execute((context) -> {
			byte[] answer = this.errors.call(CHAT, () -> this.http.post()
				.uri("/chat/completions")
				.header(HttpHeaders.AUTHORIZATION, key.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.accept(MediaType.APPLICATION_JSON)
				.body(body)
				.retrieve()
				.onStatus(HttpStatusCode::isError, (req, res) -> {
					throw this.errors.fromResponse(CHAT, res);
				})
				.body(byte[].class));
			if (answer == null || answer.length == 0) {
				throw new OpenRouterUnavailableException(CHAT, 200, "empty answer", null);
			}
			return answer;
		});
	}

	/**
	 * Opens a chat stream (a body with {@code "stream": true}): returns once OpenRouter has
	 * answered 200 with an event stream, before any event is read, so a 401 or any other
	 * refusal surfaces here, before a byte reaches the caller. Opening is tried again like
	 * {@link #complete}; what follows is never replayed.
	 * @throws OpenRouterException classified by {@link OpenRouterErrors}
	 */
	public ChatStream openStream(ApiKey key, byte[] body) {
		return this.retry.execute((context) -> openOnce(key, body));
	}

	private ChatStream openOnce(ApiKey key, byte[] body) {
		Thread opener = Thread.currentThread();
		AtomicBoolean timedOut = new AtomicBoolean();
		ScheduledFuture<?> watch = this.streams.watchdog().schedule(() -> {
			timedOut.set(true);
			opener.interrupt();
		}, this.streams.answerTimeout().toMillis(), TimeUnit.MILLISECONDS);
		try {
			return this.errors.call(CHAT, () -> this.streams.http()
				.post()
				.uri("/chat/completions")
				.header(HttpHeaders.AUTHORIZATION, key.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.accept(EVENT_STREAM)
				.body(body)
				.exchange((req, res) -> open(res), false));
		}
		catch (OpenRouterException ex) {
			if (timedOut.get()) {
				throw new OpenRouterTimeoutException(CHAT, ex);
			}
			throw ex;
		}
		finally {
			watch.cancel(false);
			if (timedOut.get()) {
				Thread.interrupted();
			}
		}
	}

	private ChatStream open(ClientHttpResponse response) throws IOException {
		try {
			if (response.getStatusCode().isError()) {
				throw this.errors.fromResponse(CHAT, response);
			}
			MediaType type = response.getHeaders().getContentType();
			if (type == null || !EVENT_STREAM.isCompatibleWith(type)) {
				throw new OpenRouterUnavailableException(CHAT, response.getStatusCode().value(),
						"answer that is not an event stream", null);
			}
			return new ChatStream(response, this.streams.readers());
		}
		catch (IOException | RuntimeException ex) {
			response.close();
			throw ex;
		}
	}

	/**
	 * OpenRouter's model list ({@code GET /models}, public), as it answers it.
	 * @throws OpenRouterException classified by {@link OpenRouterErrors}
	 */
	public byte[] models() {
		return this.errors.call(MODELS, () -> this.http.get()
			.uri("/models")
			.accept(MediaType.APPLICATION_JSON)
			.retrieve()
			.onStatus(HttpStatusCode::isError, (req, res) -> {
				throw this.errors.fromResponse(MODELS, res);
			})
			.body(byte[].class));
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
		ChatCompletion completion = this.errors.call(CHAT, () -> this.http.post()
			.uri("/chat/completions")
			.header(HttpHeaders.AUTHORIZATION, key.bearer())
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON)
			.body(request)
			.retrieve()
			.onStatus(HttpStatusCode::isError, (req, res) -> {
				throw this.errors.fromResponse(CHAT, res);
			})
			.body(ChatCompletion.class));
		if (completion == null || completion.content().filter((text) -> !text.isBlank()).isEmpty()) {
			throw new OpenRouterUnavailableException(CHAT, 200, "answer without a message", null);
		}
		return completion;
	}

	/**
	 * What OpenRouter reports of {@code key} itself: usage and remaining limit.
	 * @throws OpenRouterException classified by {@link OpenRouterErrors}
	 */
	public KeyUsage keyUsage(ApiKey key) {
		KeyUsage.Envelope envelope = this.errors.call(KEY_INFO, () -> this.http.get()
			.uri("/key")
			.header(HttpHeaders.AUTHORIZATION, key.bearer())
			.accept(MediaType.APPLICATION_JSON)
			.retrieve()
			.onStatus(HttpStatusCode::isError, (req, res) -> {
				throw this.errors.fromResponse(KEY_INFO, res);
			})
			.body(KeyUsage.Envelope.class));
		if (envelope == null || envelope.data() == null) {
			throw new OpenRouterUnavailableException(KEY_INFO, 200, "answer without data", null);
		}
		return envelope.data();
	}

}
