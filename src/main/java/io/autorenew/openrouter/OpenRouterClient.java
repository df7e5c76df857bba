package io.autorenew.openrouter;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.retry.support.RetryTemplate;
import org.springframework.web.client.RestClient;

/**
 * OpenRouter's chat API, called with one user's runtime key. It knows nothing of users or
 * of renewal: a rejected key surfaces as {@link OpenRouterAuthenticationException}.
 */
public final class OpenRouterClient {

	static final String CHAT = "chat completion";

	static final String KEY_INFO = "key info";

	private final RestClient http;

	private final OpenRouterErrors errors;

	private final RetryTemplate retry;

	public OpenRouterClient(RestClient http, OpenRouterErrors errors, RetryTemplate retry) {
		this.http = http;
		this.errors = errors;
		this.retry = retry;
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
