package io.autorenew.openrouter;

import java.time.Duration;

/**
 * No management key is configured ({@code OPENROUTER_PROVISIONING_KEY} is unset): 503
 * {@code provisioning_not_configured}.
 */
final class ProvisioningNotConfiguredException extends ProvisioningUnavailableException {

	ProvisioningNotConfiguredException(Duration retryAfter) {
		super("Key provisioning is not configured: OPENROUTER_PROVISIONING_KEY is unset", retryAfter, null);
	}

	@Override
	public String problemCode() {
		return "provisioning_not_configured";
	}

	@Override
	public String problemTitle() {
		return "Key provisioning not configured";
	}

	@Override
	public String problemDetail() {
		return "The service cannot create OpenRouter keys: its management key is not configured.";
	}

}
