package io.autorenew.openrouter;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One choice of OpenRouter's {@code ChatResult}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChatChoice(int index, ChatMessage message, @JsonProperty("finish_reason") String finishReason) {
}
