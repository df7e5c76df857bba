package io.autorenew.money;

import java.math.BigDecimal;
import java.util.concurrent.Executor;

import io.autorenew.keys.UserKey;

/** The spending limit each new key of a user is minted with. */
public interface KeyLimits {

	/**
	 * The limit for the user's next key, given the key it replaces (or {@code null} for a first
	 * key): what is left of the user's budget for the period.
	 * @throws BudgetExhaustedException when nothing is left
	 */
	BigDecimal forNextKey(String userId, UserKey retiring);

	/**
	 * A renewal of {@code retiring}, a key that can no longer spend (refused, expired or
	 * unreadable), is about to begin: what it spent, and the user's record, may be read now, on
	 * {@code executor}, so that {@link #forNextKey} finds the answer instead of waiting for it; it
	 * may then leave the spend to be stored beside the mint, on the same executor. Does nothing by
	 * default.
	 */
	default void readAhead(UserKey retiring, Executor executor) {
	}

	/**
	 * Called after {@code retiring}'s successor was minted and before it is saved: waits until
	 * what {@code retiring} spent, if {@link #forNextKey} left it to be stored beside the mint, is
	 * stored, so that no saved key goes without its predecessor's spend in the user's record. Does
	 * nothing by default.
	 * @throws RuntimeException what storing it threw (the successor is then not saved)
	 */
	default void carried(UserKey retiring) {
	}

	/**
	 * The user's key is about to be deleted without a successor (an operator's delete, the
	 * reconciler's orphan): what it spent this period is carried, so the user's next key gets
	 * only what is left. Called while the key can still be read at OpenRouter.
	 * @throws io.autorenew.openrouter.ProvisioningUnavailableException when the spend cannot be read
	 * (the key must then be kept)
	 */
	void retired(String userId, String keyHash);

	/** The user's new key was saved with this limit. */
	void minted(String userId, String keyHash, BigDecimal limitUsd);

}
