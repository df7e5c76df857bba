package io.autorenew.keys;

/** Mints and deletes OpenRouter runtime keys. */
interface KeyProvisioner {

	/**
	 * Mints a runtime key named {@code name}.
	 * @throws ProvisioningUnavailableException when no key can be minted now
	 */
	MintedKey mint(String name);

	/**
	 * Deletes a key by its hash; a key that is already gone counts as deleted.
	 * @throws ProvisioningUnavailableException when the key could not be deleted
	 */
	boolean delete(String hash);

	/** Deletes a key nobody needs any more, logging instead of failing. */
	void deleteQuietly(String hash, String why);

}
