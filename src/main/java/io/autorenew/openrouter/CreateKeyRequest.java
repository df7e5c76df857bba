package io.autorenew.openrouter;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

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
