package io.autorenew.keys;

import io.autorenew.keys.audit.KeyEventType;

/**
 * Why a key is minted: decides the audit event, the metric's {@code reason} tag and whether
 * the new key counts as renewed automatically.
 */
enum KeyChange {

	/** The user had no key. */
	FIRST_USE(KeyEventType.PROVISIONED, "first_use", false),
	/** OpenRouter answered 401 to the stored key. */
	REJECTED(KeyEventType.RENEWED, "rejected", true),
	/** The stored key's {@code expires_at} has passed. */
	EXPIRED(KeyEventType.RENEWED, "expired", true),
	/** The stored key cannot be decrypted with the configured encryption keys. */
	UNREADABLE(KeyEventType.RENEWED, "undecryptable", true),
	/** The stored key expires within the renew-before window. */
	EXPIRING(KeyEventType.PROACTIVELY_RENEWED, "expiring", true),
	/** An operator asked for a fresh key. */
	FORCED(KeyEventType.FORCE_PROVISIONED, "operator", false);

	final KeyEventType event;

	final String reason;

	final boolean automatic;

	KeyChange(KeyEventType event, String reason, boolean automatic) {
		this.event = event;
		this.reason = reason;
		this.automatic = automatic;
	}

}
