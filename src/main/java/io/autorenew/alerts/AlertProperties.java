package io.autorenew.alerts;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import io.autorenew.InvalidSettingException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where operators' alerts go.
 *
 * @param webhookUrl an http(s) URL that receives each alert as a signed JSON {@code POST}; empty = no alerts
 * ({@code ALERT_WEBHOOK_URL})
 * @param webhookSecret the HMAC-SHA256 key of the {@code X-Alert-Signature} header, at least 32 bytes; required
 * with a URL ({@code ALERT_WEBHOOK_SECRET})
 */
@ConfigurationProperties("alerts")
public record AlertProperties(@DefaultValue("") String webhookUrl, @DefaultValue("") String webhookSecret) {

	static final int MIN_SECRET_BYTES = 32;

	public AlertProperties {
		if (!webhookUrl.isBlank()) {
			URI uri;
			try {
				uri = URI.create(webhookUrl);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidSettingException("ALERT_WEBHOOK_URL is not a URL");
			}
			if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
				throw new InvalidSettingException("ALERT_WEBHOOK_URL must be an http or https URL");
			}
			if (webhookSecret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
				throw new InvalidSettingException("ALERT_WEBHOOK_SECRET must be set, at least " + MIN_SECRET_BYTES
						+ " bytes (e.g. `openssl rand -base64 32`), when ALERT_WEBHOOK_URL is");
			}
		}
	}

	boolean enabled() {
		return !this.webhookUrl.isBlank();
	}

	@Override
	public String toString() {
		return "AlertProperties[webhookUrl=" + this.webhookUrl + ", webhookSecret="
				+ (this.webhookSecret.isBlank() ? "(unset)" : "****") + "]";
	}

}
