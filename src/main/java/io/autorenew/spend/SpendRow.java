package io.autorenew.spend;

import java.math.BigDecimal;

/**
 * Spend summed over one group of the daily totals.
 *
 * @param key the group: a UTC day ({@code 2026-12-07}), a user id or a model
 * @param calls calls answered
 * @param inputTokens prompt tokens
 * @param outputTokens completion tokens
 * @param reasoningTokens reasoning tokens
 * @param cachedTokens prompt tokens read from the cache
 * @param costUsd what OpenRouter said the calls cost, in USD to the micro-dollar
 */
public record SpendRow(String key, long calls, long inputTokens, long outputTokens, long reasoningTokens,
		long cachedTokens, BigDecimal costUsd) {
}
