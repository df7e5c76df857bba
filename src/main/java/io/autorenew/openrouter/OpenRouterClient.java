package io.autorenew.openrouter;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * OpenRouter's chat API, called with one user's runtime key. It knows nothing of users or
 * of renewal: a rejected key surfaces as {@link OpenRouterAuthenticationException}.
 */
public final class OpenRouterClient {

	static final String CHAT = "chat completion";

	private final RestClient http;

	private final OpenRouterErrors errors;

	public OpenRouterClient(RestClient http, OpenRouterErrors errors) {
		this.http = http;
		this.errors = errors;
	}

	/**
	 * Sends one non-streaming chat completion.
	 * @throws OpenRouterException classified by {@link OpenRouterErrors}
	 */
	public ChatCompletion complete(ApiKey key, ChatRequest request) {
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
		if (completion == null || completion.content().isEmpty()) {
			throw new OpenRouterUnavailableException(CHAT, 200, "answer without a message", null);
		}
		return completion;
	}

}
