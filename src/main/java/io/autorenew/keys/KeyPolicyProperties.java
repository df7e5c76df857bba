package io.autorenew.keys;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Set;

import io.autorenew.InvalidSettingException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What every minted key is allowed, and when it is replaced.
 *
 * @param limitUsd spending limit of each key in USD ({@code OPENROUTER_KEY_LIMIT_USD})
 * @param limitReset {@code daily}, {@code weekly}, {@code monthly}, or {@code none} to send no
 * reset ({@code OPENROUTER_KEY_LIMIT_RESET})
 * @param ttl how long a minted key lives; sent as {@code expires_at} ({@code OPENROUTER_KEY_TTL})
 * @param renewBefore a key this close to expiry is renewed in the background
 * ({@code OPENROUTER_KEY_RENEW_BEFORE})
 * @param statusCacheTtl how long a key's usage read from OpenRouter is reused ({@code OPENROUTER_KEY_STATUS_CACHE_TTL})
 * @param cacheSize how many users' keys are kept in memory
 * @param namePrefix what every key name starts with ({@code OPENROUTER_KEY_NAME_PREFIX}): the
 * reconciler touches only keys with this prefix
 * @param grace how long a key replaced while it still works (proactive renewal) stays valid
 * before it is deleted ({@code OPENROUTER_KEY_GRACE}); zero deletes it at once
 */
@ConfigurationProperties("openrouter.keys")
record KeyPolicyProperties(@DefaultValue("5") BigDecimal limitUsd, @DefaultValue("monthly") String limitReset,
		@DefaultValue("P30D") Duration ttl, @DefaultValue("P3D") Duration renewBefore,
		@DefaultValue("PT30S") Duration statusCacheTtl, @DefaultValue("100000") int cacheSize,
		@DefaultValue(KeyNames.DEFAULT_PREFIX) String namePrefix, @DefaultValue("PT2M") Duration grace) {

	private static final Set<String> RESETS = Set.of("daily", "weekly", "monthly", "none");

	public KeyPolicyProperties {
		if (!RESETS.contains(limitReset)) {
			throw new InvalidSettingException(
					"OPENROUTER_KEY_LIMIT_RESET must be daily, weekly, monthly or none, not '" + limitReset + "'");
		}
		if (limitUsd.signum() <= 0) {
			throw new InvalidSettingException("OPENROUTER_KEY_LIMIT_USD must be a positive amount of USD");
		}
		if (ttl.isNegative() || ttl.isZero()) {
			throw new InvalidSettingException("OPENROUTER_KEY_TTL must be a positive ISO-8601 duration such as P30D");
		}
		if (grace.isNegative()) {
			throw new InvalidSettingException("OPENROUTER_KEY_GRACE must be zero or a positive duration such as 2m");
		}
		if (renewBefore.isNegative() || renewBefore.compareTo(ttl) >= 0) {
			throw new InvalidSettingException("OPENROUTER_KEY_RENEW_BEFORE must be shorter than OPENROUTER_KEY_TTL");
		}
	}

	/** The {@code limit_reset} to send, or {@code null} to leave it out. */
	String limitResetToSend() {
		return "none".equals(this.limitReset) ? null : this.limitReset;
	}

}
