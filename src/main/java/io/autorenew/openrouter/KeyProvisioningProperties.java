package io.autorenew.openrouter;

import java.time.Duration;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of OpenRouter's key-management ("provisioning") API.
 *
 * @param key the OpenRouter management key, read from the environment only and used only for {@code /keys}
 * calls; unset: a WARN at start-up, and every mint answers 503 {@code provisioning_not_configured}
 * ({@code OPENROUTER_PROVISIONING_KEY})
 * @param connectTimeout TCP connect timeout of key-management calls (mint, list, read, delete)
 * ({@code OPENROUTER_PROVISIONING_CONNECT_TIMEOUT})
 * @param readTimeout read timeout of key-management calls ({@code OPENROUTER_PROVISIONING_READ_TIMEOUT})
 * @param retryAfter the {@code Retry-After} of provisioning 503s: what a caller is told to wait when
 * provisioning is unavailable ({@code OPENROUTER_PROVISIONING_RETRY_AFTER})
 * @param failureThreshold consecutive failed mints after which the circuit breaker pauses mints
 * ({@code OPENROUTER_PROVISIONING_FAILURE_THRESHOLD})
 * @param coolDown the first pause; it doubles each time the trial mint after a pause fails
 * ({@code OPENROUTER_PROVISIONING_COOL_DOWN})
 * @param maxCoolDown the longest pause ({@code OPENROUTER_PROVISIONING_MAX_COOL_DOWN})
 */
@ConfigurationProperties("openrouter.provisioning")
public record KeyProvisioningProperties(@DefaultValue("") String key, @DefaultValue("5s") Duration connectTimeout,
		@DefaultValue("15s") Duration readTimeout, @DefaultValue("30s") Duration retryAfter,
		@DefaultValue("5") int failureThreshold, @DefaultValue("30s") Duration coolDown,
		@DefaultValue("10m") Duration maxCoolDown) {

	/** The management key, if one is configured. */
	public Optional<ApiKey> managementKey() {
		return (this.key == null || this.key.isBlank()) ? Optional.empty() : Optional.of(new ApiKey(this.key.trim()));
	}

	@Override
	public String toString() {
		return "KeyProvisioningProperties[key=" + managementKey().map(ApiKey::masked).orElse("(unset)")
				+ ", connectTimeout=" + this.connectTimeout + ", readTimeout=" + this.readTimeout + ", retryAfter="
				+ this.retryAfter + ", failureThreshold=" + this.failureThreshold + ", coolDown=" + this.coolDown
				+ ", maxCoolDown=" + this.maxCoolDown + "]";
	}

}
