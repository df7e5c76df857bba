package io.autorenew.openrouter;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** OpenRouter's non-streaming {@code ChatResult}, reduced to what the service reads. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChatCompletion(String id, String model, List<ChatChoice> choices, ChatUsage usage) {

	/** The first choice's assistant text, if the answer has one. */
	public Optional<String> content() {
		if (this.choices == null || this.choices.isEmpty()) {
			return Optional.empty();
		}
		ChatMessage message = this.choices.get(0).message();
		return Optional.ofNullable(message).map(ChatMessage::content);
	}

}
