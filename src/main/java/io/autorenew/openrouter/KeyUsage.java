package io.autorenew.openrouter;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What OpenRouter's {@code GET /key} says of the key it was called with.
 *
 * @param usage credits used, in USD
 * @param limit the key's spending limit in USD, or {@code null} for none
 * @param limitRemaining what is left of the limit, or {@code null} for no limit
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record KeyUsage(Double usage, Double limit, @JsonProperty("limit_remaining") Double limitRemaining,
		@JsonProperty("usage_daily") Double usageDaily, @JsonProperty("usage_weekly") Double usageWeekly,
		@JsonProperty("usage_monthly") Double usageMonthly) {

	/** The envelope {@code {"data": {...}}}. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Envelope(KeyUsage data) {
	}

}
