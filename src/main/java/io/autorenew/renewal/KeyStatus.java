package io.autorenew.renewal;

import java.math.BigDecimal;
import java.time.Instant;

import io.autorenew.keys.UserKey;
import io.autorenew.money.Budget;
import io.autorenew.openrouter.KeyUsage;

/**
 * What callers may see of a stored key: everything but the key itself.
 *
 * @param usage credits this key has used in USD, from OpenRouter; {@code null} if unknown
 * @param limitRemaining what is left of the key's limit in USD; {@code null} if unknown or
 * unlimited
 * @param budgetUsd the user's budget for the period (kept across renewals), USD
 * @param spentUsd what the user's keys spent this period, USD ({@code null} if unknown)
 * @param remainingUsd what is left of the budget this period, USD ({@code null} if unknown)
 */
public record KeyStatus(String userId, String provider, String keyLabel, String keyHash, Instant createdAt,
		Instant expiresAt, boolean autoRenewed, Instant lastRenewalAt, int renewalCount, Double usage,
		Double limitRemaining, BigDecimal budgetUsd, BigDecimal spentUsd, BigDecimal remainingUsd) {

	static KeyStatus of(UserKey key, KeyUsage usage, Budget budget) {
		return new KeyStatus(key.userId(), UserKey.PROVIDER, key.label(), key.keyHash(), key.createdAt(),
				key.expiresAt(), key.autoRenewed(), key.lastRenewalAt(), key.renewalCount(),
				(usage != null) ? usage.usage() : null, (usage != null) ? usage.limitRemaining() : null,
				(budget != null) ? budget.limitUsd() : null, (budget != null) ? budget.spentUsd() : null,
				(budget != null) ? budget.remainingUsd() : null);
	}

}
