package io.autorenew.openrouter;

import java.time.Duration;

import io.autorenew.web.Failure;

/**
 * No management key is configured ({@code OPENROUTER_PROVISIONING_KEY} is unset): 503
 * {@code provisioning_not_configured}.
 */
final class ProvisioningNotConfiguredException extends ProvisioningUnavailableException {

	ProvisioningNotConfiguredException(Duration retryAfter) {
		super("Key provisioning is not configured: OPENROUTER_PROVISIONING_KEY is unset", retryAfter, null);
	}

	@Override
	public Failure failure() {
		return Failure.PROVISIONING_NOT_CONFIGURED;
	}

	@Override
	public String problemDetail() {
		return "The service cannot create OpenRouter keys: its management key is not configured.";
	}

}
