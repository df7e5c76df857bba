package io.autorenew.keys;

import java.util.UUID;
import java.util.regex.Pattern;

import io.autorenew.InvalidSettingException;

/**
 * How the service names the runtime keys it mints: {@code <prefix>:<userId>:<mint id>}. The
 * prefix ({@code OPENROUTER_KEY_NAME_PREFIX}, default {@value #DEFAULT_PREFIX}) marks a key as
 * this deployment's: the reconciler touches no other key, so two deployments with their own
 * prefixes can share one OpenRouter account. The user id says whose key it is in OpenRouter's
 * dashboard and audit.
 */
public final class KeyNames {

	/** The prefix of every key name unless {@code OPENROUTER_KEY_NAME_PREFIX} says otherwise. */
	public static final String DEFAULT_PREFIX = "analysis-service";

	private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._-]{1,40}");

	private final String prefix;

	/** @param prefix letters, digits, {@code . _ -}; at most 40 */
	public KeyNames(String prefix) {
		if (prefix == null || !PREFIX.matcher(prefix).matches()) {
			throw new InvalidSettingException("OPENROUTER_KEY_NAME_PREFIX must be 1 to 40 letters, digits, '.', '_' or "
					+ "'-', not '" + prefix + "'");
		}
		this.prefix = prefix + ":";
	}

	/** A fresh name for a key minted for {@code userId}. */
	public String forUser(String userId) {
		return this.prefix + userId + ":" + UUID.randomUUID();
	}

	/** Whether a key of this name was minted by this deployment. */
	public boolean isOurs(String name) {
		return name.startsWith(this.prefix);
	}

	/** The user id in a name this deployment gave, or the whole name for any other. */
	public String userOf(String name) {
		int end = name.lastIndexOf(':');
		return (isOurs(name) && end > this.prefix.length()) ? name.substring(this.prefix.length(), end) : name;
	}

}
