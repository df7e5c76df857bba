package io.autorenew.keys;

import io.autorenew.keys.audit.KeyEventType;

/**
 * Why a key is minted: decides the audit event, the metric's {@code reason} tag, whether
 * the new key counts as renewed automatically, and whether the key it replaces still works
 * (then it gets a grace period before it is deleted, for calls already using it) or must die
 * at once.
 */
public enum KeyChange {

	/** The user had no key. */
	FIRST_USE(KeyEventType.PROVISIONED, "first_use", false, false),
	/** OpenRouter answered 401 to the stored key. */
	REJECTED(KeyEventType.RENEWED, "rejected", true, false),
	/** OpenRouter answered 403 "Key is disabled" and no operator suspended the user. */
	DISABLED(KeyEventType.RENEWED, "disabled", true, false),
	/** The stored key's {@code expires_at} has passed. */
	EXPIRED(KeyEventType.RENEWED, "expired", true, false),
	/** The stored key cannot be decrypted with the configured encryption keys. */
	UNREADABLE(KeyEventType.RENEWED, "undecryptable", true, false),
	/** The stored key expires within the renew-before window. */
	EXPIRING(KeyEventType.PROACTIVELY_RENEWED, "expiring", true, true),
	/** An operator asked for a fresh key: the old one must die now. */
	FORCED(KeyEventType.FORCE_PROVISIONED, "operator", false, false);

	public final KeyEventType event;

	public final String reason;

	public final boolean automatic;

	public final boolean graceful;

	KeyChange(KeyEventType event, String reason, boolean automatic, boolean graceful) {
		this.event = event;
		this.reason = reason;
		this.automatic = automatic;
		this.graceful = graceful;
	}

}
