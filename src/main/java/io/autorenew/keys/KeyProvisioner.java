package io.autorenew.keys;

import java.util.List;

import io.autorenew.openrouter.KeyProvisioningClient.ListedKey;
import io.autorenew.openrouter.KeyProvisioningClient.MintedKey;

/** Mints, lists and deletes OpenRouter runtime keys. */
interface KeyProvisioner {

	/**
	 * Mints a runtime key for {@code userId}, named by {@link KeyNames},
	 * with the configured spending limit and expiry.
	 * @throws ProvisioningUnavailableException when no key can be minted now
	 */
	MintedKey mint(String userId);

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

	/** One page of the keys the management key can see, starting at {@code offset}. */
	List<ListedKey> list(int offset);

}
