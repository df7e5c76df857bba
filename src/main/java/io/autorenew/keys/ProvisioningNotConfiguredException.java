package io.autorenew.keys;

import java.time.Duration;

/** No management key is configured ({@code OPENROUTER_PROVISIONING_KEY} is unset). */
public final class ProvisioningNotConfiguredException extends ProvisioningUnavailableException {

	public ProvisioningNotConfiguredException(Duration retryAfter) {
		super("Key provisioning is not configured: OPENROUTER_PROVISIONING_KEY is unset", retryAfter, null);
	}

}
