package io.autorenew.openrouter;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The answer of OpenRouter's {@code GET /keys}. */
@JsonIgnoreProperties(ignoreUnknown = true)
record KeyList(List<Item> data) {

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Item(String hash, String name, String label, @JsonProperty("created_at") String createdAt) {
	}

}
