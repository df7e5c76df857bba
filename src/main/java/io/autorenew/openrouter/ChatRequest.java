package io.autorenew.openrouter;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

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
