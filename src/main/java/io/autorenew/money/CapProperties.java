package io.autorenew.money;

import java.math.BigDecimal;

import io.autorenew.InvalidSettingException;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Caps on what the whole deployment mints, against denial of wallet. Each is off when unset.
 *
 * @param mintsPerMinute automatic mints across the deployment per minute; past it 503 {@code mint_cap} (see
 * docs/api.md, Money). Unset: no cap ({@code OPENROUTER_MINTS_PER_MINUTE})
 * @param newUsersPerHour first keys for user ids never seen before, per hour; past it 503
 * {@code new_user_cap}. Unset: no cap ({@code OPENROUTER_NEW_USERS_PER_HOUR})
 * @param totalLimitUsd the most the limits of all live keys may add up to; a first key past it gets 503
 * {@code total_limit_cap}. Unset: no cap ({@code OPENROUTER_TOTAL_LIMIT_USD})
 */
@ConfigurationProperties("openrouter.caps")
public record CapProperties(Long mintsPerMinute, Long newUsersPerHour, BigDecimal totalLimitUsd) {

	public CapProperties {
		if (mintsPerMinute != null && mintsPerMinute < 1) {
			throw new InvalidSettingException("OPENROUTER_MINTS_PER_MINUTE must be at least 1, or unset for no cap");
		}
		if (newUsersPerHour != null && newUsersPerHour < 1) {
			throw new InvalidSettingException("OPENROUTER_NEW_USERS_PER_HOUR must be at least 1, or unset for no cap");
		}
		if (totalLimitUsd != null && totalLimitUsd.signum() <= 0) {
			throw new InvalidSettingException("OPENROUTER_TOTAL_LIMIT_USD must be a positive amount, or unset for no cap");
		}
	}

}
