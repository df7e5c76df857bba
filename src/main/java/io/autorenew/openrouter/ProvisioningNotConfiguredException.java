package io.autorenew.openrouter;

import java.time.Duration;

/** No management key is configured ({@code OPENROUTER_PROVISIONING_KEY} is unset). */
final class ProvisioningNotConfiguredException extends ProvisioningUnavailableException {

	public ProvisioningNotConfiguredException(Duration retryAfter) {
		super("Key provisioning is not configured: OPENROUTER_PROVISIONING_KEY is unset", retryAfter, null);
	}

}
