package io.autorenew.keys;

import java.math.BigDecimal;

/** The spending limit each new key of a user is minted with. */
interface KeyLimits {

	/**
	 * The limit for the user's next key, given the key it replaces (or {@code null} for a first
	 * key): what is left of the user's budget for the period.
	 * @throws BudgetExhaustedException when nothing is left
	 */
	BigDecimal forNextKey(String userId, UserKey retiring);

	/** The user's new key was saved with this limit. */
	void minted(String userId, String keyHash, BigDecimal limitUsd);

}
