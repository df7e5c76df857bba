package io.autorenew.keys;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import io.autorenew.openrouter.KeyDetails;
import io.autorenew.openrouter.ListedKey;
import io.autorenew.openrouter.MintedKey;

/** Mints, lists and deletes OpenRouter runtime keys. */
public interface KeyProvisioner {

	/**
	 * Mints a runtime key for {@code userId}, named by {@link KeyNames},
	 * with the configured spending limit and expiry.
	 * @throws ProvisioningUnavailableException when no key can be minted now
	 */
	MintedKey mint(String userId, BigDecimal limitUsd);

	/**
	 * Deletes a key by its hash; a key that is already gone counts as deleted.
	 * @return {@code true} if it was deleted now, {@code false} if it was already gone
	 * @throws ProvisioningUnavailableException when the key could not be deleted
	 */
	boolean delete(String hash);

	/**
	 * Disables or enables a key at OpenRouter.
	 * @return {@code false} if the key is gone
	 * @throws ProvisioningUnavailableException when it could not be changed
	 */
	boolean setDisabled(String hash, boolean disabled);

	/**
	 * Sets a key's spending limit at OpenRouter.
	 * @return {@code false} if the key is gone
	 */
	boolean setLimit(String hash, BigDecimal limitUsd);

	/** A key's limit and usage at OpenRouter; empty if it is gone. */
	Optional<KeyDetails> describe(String hash);

	/** One page of the keys the management key can see, starting at {@code offset}. */
	List<ListedKey> list(int offset);

}
