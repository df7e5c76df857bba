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
	 * unreadable), is about to begin: what it spent may be read, and carried, now, on
	 * {@code executor}, so that {@link #forNextKey} finds the answer instead of waiting for it. Does
	 * nothing by default.
	 */
	default void readAhead(UserKey retiring, Executor executor) {
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
