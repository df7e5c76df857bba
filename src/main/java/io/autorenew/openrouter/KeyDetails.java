package io.autorenew.openrouter;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A key as {@code GET /keys/{hash}} describes it: its limit and what it has spent, in USD,
 * in all and in OpenRouter's current day, week (from Monday) and month (all UTC).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record KeyDetails(BigDecimal limit, double usage, @JsonProperty("usage_daily") double usageDaily,
		@JsonProperty("usage_weekly") double usageWeekly, @JsonProperty("usage_monthly") double usageMonthly,
		boolean disabled) {
}
