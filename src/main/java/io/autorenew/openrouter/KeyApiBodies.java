package io.autorenew.openrouter;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The bodies of OpenRouter's key API as {@link KeyProvisioningClient} sends and reads them. */
final class KeyApiBodies {

	private static final Logger log = LoggerFactory.getLogger(KeyApiBodies.class);

	private KeyApiBodies() {
	}

	/** An OpenRouter timestamp: ISO-8601, or null. */
	static Instant instant(String timestamp) {
		if (timestamp == null || timestamp.isBlank()) {
			return null;
		}
		try {
			return OffsetDateTime.parse(timestamp).toInstant();
		}
		catch (DateTimeParseException ex) {
			log.warn("[Auto-Renewal] Ignoring an unreadable timestamp from OpenRouter");
			return null;
		}
	}

	/** Body of OpenRouter's {@code PATCH /keys/{hash}}: only what is changed. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record UpdateKeyRequest(Boolean disabled, BigDecimal limit) {
	}

	/**
	 * Body of OpenRouter's {@code POST /keys}: every key is bounded by a spending limit and an
	 * expiry.
	 *
	 * @param name {@code analysis-service:<userId>:<mint id>}
	 * @param limit spending limit in USD
	 * @param limitReset {@code daily}, {@code weekly}, {@code monthly}, or absent
	 * @param expiresAt UTC timestamp ending in {@code Z}
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record CreateKeyRequest(String name, BigDecimal limit, @JsonProperty("limit_reset") String limitReset,
			@JsonProperty("expires_at") String expiresAt) {
	}

	/** The answer of OpenRouter's {@code GET /keys}. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record KeyList(List<Item> data) {

		/** The listed keys that have a hash and a name (the others are no key of ours to read). */
		List<ListedKey> keys() {
			if (this.data == null) {
				return List.of();
			}
			return this.data.stream()
				.filter((key) -> key.hash() != null && key.name() != null)
				.map((key) -> new ListedKey(key.hash(), key.name(), key.label(), instant(key.createdAt()),
						(key.usageDaily() != null) ? key.usageDaily() : 0))
				.toList();
		}

		@JsonIgnoreProperties(ignoreUnknown = true)
		record Item(String hash, String name, String label, @JsonProperty("created_at") String createdAt,
				@JsonProperty("usage_daily") Double usageDaily) {
		}

	}

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

	/** The answer of OpenRouter's {@code GET /keys/{hash}}. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record DetailsEnvelope(KeyDetails data) {
	}

}
