package io.autorenew.openrouter;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Says whether keys can be minted: {@code UP} with a management key, {@code UNKNOWN}
 * (which does not take the service down) without one. {@code mints} shows the mint circuit:
 * {@code CLOSED} normally, {@code OPEN} while mints are paused after repeated failures.
 */
final class ProvisioningHealthIndicator extends AbstractHealthIndicator {

	private final KeyProvisioningClient provisioning;

	ProvisioningHealthIndicator(KeyProvisioningClient provisioning) {
		this.provisioning = provisioning;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		if (this.provisioning.isConfigured()) {
			builder.up().withDetail("configured", true).withDetail("mints", this.provisioning.mintCircuitState());
		}
		else {
			builder.unknown().withDetail("configured", false);
		}
	}

}
