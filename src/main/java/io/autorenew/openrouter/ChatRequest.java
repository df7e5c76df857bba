package io.autorenew.openrouter;

import java.util.List;

/**
 * Body of {@code POST /chat/completions}: OpenRouter's {@code ChatRequest}, reduced to
 * what this service sends.
 */
public record ChatRequest(String model, List<ChatMessage> messages) {

	public ChatRequest {
		messages = List.copyOf(messages);
	}

	public static ChatRequest of(String model, String prompt) {
		return new ChatRequest(model, List.of(ChatMessage.user(prompt)));
	}

}
