package io.autorenew.keys;

import java.time.Clock;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import io.autorenew.openrouter.KeyProvisioningClient;
import io.autorenew.openrouter.KeyDetails;
import io.autorenew.openrouter.ListedKey;
import io.autorenew.openrouter.MintedKey;

/**
 * Mints users' keys through OpenRouter's key-management API: each key is named for its user
 * ({@link KeyNames}) and bounded by the key policy (spending limit, limit reset, lifetime).
 */
final class OpenRouterKeyProvisioner implements KeyProvisioner {

	private final KeyProvisioningClient client;

	private final KeyPolicyProperties policy;

	private final Clock clock;

	private final KeyNames names;

	OpenRouterKeyProvisioner(KeyProvisioningClient client, KeyPolicyProperties policy, Clock clock, KeyNames names) {
		this.names = names;
		this.client = client;
		this.policy = policy;
		this.clock = clock;
	}

	@Override
	public MintedKey mint(String userId, BigDecimal limitUsd) {
		return this.client.create(this.names.forUser(userId), limitUsd, this.policy.limitResetToSend(),
				this.clock.instant().plus(this.policy.ttl()));
	}

	@Override
	public boolean delete(String hash) {
		return this.client.delete(hash);
	}

	@Override
	public boolean setLimit(String hash, BigDecimal limitUsd) {
		return this.client.setLimit(hash, limitUsd);
	}

	@Override
	public Optional<KeyDetails> describe(String hash) {
		return this.client.describe(hash);
	}

	@Override
	public boolean setDisabled(String hash, boolean disabled) {
		return this.client.setDisabled(hash, disabled);
	}

	@Override
	public List<ListedKey> list(int offset) {
		return this.client.list(offset);
	}

}
