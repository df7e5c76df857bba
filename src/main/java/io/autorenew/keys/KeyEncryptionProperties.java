package io.autorenew.keys;

import io.autorenew.InvalidSettingException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The encryption keys that protect runtime keys at rest.
 *
 * @param key {@code KEY_ENCRYPTION_KEY}: base64 of 32 random bytes (AES-256); required
 * @param previousKey {@code KEY_ENCRYPTION_KEY_PREVIOUS}: the key being rotated out; still
 * decrypts, never encrypts; optional
 */
@ConfigurationProperties("keys.encryption")
public record KeyEncryptionProperties(@DefaultValue("") String key, @DefaultValue("") String previousKey) {

	public KeyEncryptionProperties {
		if (key == null || key.isBlank()) {
			throw new InvalidSettingException("KEY_ENCRYPTION_KEY is not set: set it to base64 of 32 random bytes, "
					+ "e.g. `openssl rand -base64 32` (the demo profile generates one)");
		}
	}

	@Override
	public String toString() {
		return "KeyEncryptionProperties[key=****, previousKey=" + (this.previousKey.isBlank() ? "(unset)" : "****")
				+ "]";
	}

}
