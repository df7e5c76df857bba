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
 * @param limitUsd each user's budget in USD per period (an admin can set a user's own); a key is minted with
 * what is left of it ({@code limit}), so renewal never resets it (see docs/api.md, Money); must be positive
 * ({@code OPENROUTER_KEY_LIMIT_USD})
 * @param limitReset the budget's period and the {@code limit_reset} of every minted key: {@code daily},
 * {@code weekly}, {@code monthly}, or {@code none} (one period that never ends; no {@code limit_reset} sent)
 * ({@code OPENROUTER_KEY_LIMIT_RESET})
 * @param ttl the lifetime of a minted key: {@code expires_at} is now plus this, sent as UTC {@code …Z}
 * ({@code OPENROUTER_KEY_TTL})
 * @param renewBefore a key this close to expiry is renewed once in the background; must be shorter than the
 * TTL ({@code 0s} turns it off) ({@code OPENROUTER_KEY_RENEW_BEFORE})
 * @param statusCacheTtl how long {@code usage} and {@code limitRemaining} from OpenRouter's {@code GET /key}
 * are reused per key ({@code OPENROUTER_KEY_STATUS_CACHE_TTL})
 * @param cacheSize how many users' keys the in-memory key cache holds; past it, the cache (Caffeine) evicts
 * those least likely to be used again
 * @param namePrefix every minted key is named {@code <prefix>:<userId>:<mint id>}; the reconciler deletes
 * only keys with its own prefix, so deployments sharing an OpenRouter account need prefixes of their own (1
 * to 40 of {@code A-Z a-z 0-9 . _ -}, else start-up fails) ({@code OPENROUTER_KEY_NAME_PREFIX})
 * @param grace a key replaced while it still works (proactive renewal) stays valid this long, so calls
 * already using it finish, then it is deleted (by any replica; the pending delete is stored and survives a
 * restart). A key OpenRouter refused (401) or an operator rotated is deleted at once. {@code 0s}: always at
 * once ({@code OPENROUTER_KEY_GRACE})
 */
@ConfigurationProperties("openrouter.keys")
public record KeyPolicyProperties(@DefaultValue("5") BigDecimal limitUsd, @DefaultValue("monthly") String limitReset,
		@DefaultValue("30d") Duration ttl, @DefaultValue("3d") Duration renewBefore,
		@DefaultValue("30s") Duration statusCacheTtl, @DefaultValue("100000") int cacheSize,
		@DefaultValue(KeyNames.DEFAULT_PREFIX) String namePrefix, @DefaultValue("2m") Duration grace) {

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
			throw new InvalidSettingException("OPENROUTER_KEY_TTL must be a positive ISO-8601 duration such as 30d");
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
