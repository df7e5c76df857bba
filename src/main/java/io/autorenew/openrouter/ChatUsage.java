package io.autorenew.openrouter;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Token counts of OpenRouter's {@code ChatResult.usage}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChatUsage(@JsonProperty("prompt_tokens") long promptTokens,
		@JsonProperty("completion_tokens") long completionTokens, @JsonProperty("total_tokens") long totalTokens) {

	public static final ChatUsage NONE = new ChatUsage(0, 0, 0);

}
