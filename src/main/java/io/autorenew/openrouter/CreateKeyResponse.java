package io.autorenew.openrouter;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;


/** The 201 answer of OpenRouter's {@code POST /keys}. Prints the key masked. */
@JsonIgnoreProperties(ignoreUnknown = true)
record CreateKeyResponse(Data data, String key) {

	@Override
	public String toString() {
		return "CreateKeyResponse[data=" + this.data + ", key=" + ApiKey.mask(this.key) + "]";
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Data(String hash, String label, @JsonProperty("expires_at") String expiresAt) {
	}

}
