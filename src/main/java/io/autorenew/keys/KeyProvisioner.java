package io.autorenew.keys;

import java.util.List;

/** Mints, lists and deletes OpenRouter runtime keys. */
interface KeyProvisioner {

	/** Names of keys this service mints start with this. */
	String NAME_PREFIX = "analysis-service:";

	/**
	 * Mints a runtime key for {@code userId}, named {@code analysis-service:<userId>:<mint id>},
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

	/** One page of the keys the management key can see, starting at {@code offset}. */
	List<ListedKey> list(int offset);

}
