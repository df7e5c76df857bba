package io.autorenew.money;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A user's budget for the current period, as operators and the user see it.
 *
 * @param limitUsd the budget, USD per period
 * @param spentUsd spent this period: the keys already replaced this period and the live key
 * @param remainingUsd what is left ({@code limitUsd - spentUsd}, never below 0)
 * @param period {@code daily}, {@code weekly}, {@code monthly} or {@code none}
 * @param periodEndsAt when the budget is restored, or {@code null} for {@code none}
 * @param source {@code default} ({@code OPENROUTER_KEY_LIMIT_USD}) or {@code user} (set by an admin)
 */
public record Budget(BigDecimal limitUsd, BigDecimal spentUsd, BigDecimal remainingUsd, String period,
		Instant periodEndsAt, String source) {
}
