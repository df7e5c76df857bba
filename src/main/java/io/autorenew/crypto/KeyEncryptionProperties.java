package io.autorenew.crypto;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import io.autorenew.InvalidSettingException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The encryption keys that protect runtime keys at rest.
 *
 * @param key the AES-256 key (base64 of exactly 32 random bytes, {@code openssl rand -base64 32}) that
 * encrypts runtime keys in {@code api_keys}; required. Unset or invalid: start-up fails with a one-line
 * message (the demo generates one) ({@code KEY_ENCRYPTION_KEY})
 * @param previousKey the encryption keys being rotated out, comma-separated: each still decrypts, none
 * encrypts. Drop a key once {@code GET /admin/encryption} shows no key left under it (see docs/production.md,
 * Rotating secrets) ({@code KEY_ENCRYPTION_KEY_PREVIOUS})
 * @param reencryptBatchSize keys the background re-encryption rewrites per batch; it checkpoints after each
 * ({@code KEY_REENCRYPTION_BATCH_SIZE})
 * @param reencryptInterval how often a replica looks for keys not under {@code KEY_ENCRYPTION_KEY} and
 * re-encrypts them ({@code KEY_REENCRYPTION_INTERVAL})
 */
@ConfigurationProperties("keys.encryption")
public record KeyEncryptionProperties(@DefaultValue("") String key, @DefaultValue("") String previousKey,
		@DefaultValue("100") int reencryptBatchSize, @DefaultValue("1m") Duration reencryptInterval) {

	public KeyEncryptionProperties {
		if (key == null || key.isBlank()) {
			throw new InvalidSettingException("KEY_ENCRYPTION_KEY is not set: set it to base64 of 32 random bytes, "
					+ "e.g. `openssl rand -base64 32` (the demo profile generates one)");
		}
		if (reencryptBatchSize < 1) {
			throw new InvalidSettingException(
					"KEY_REENCRYPTION_BATCH_SIZE must be at least 1, not " + reencryptBatchSize);
		}
		if (reencryptInterval == null || reencryptInterval.isNegative() || reencryptInterval.isZero()) {
			throw new InvalidSettingException("KEY_REENCRYPTION_INTERVAL must be a positive duration, e.g. 1m");
		}
	}

	/** Only the keys, with the defaults for the rest: for tools and tests that only encrypt. */
	public static KeyEncryptionProperties of(String key, String previousKey) {
		return new KeyEncryptionProperties(key, previousKey, 100, Duration.ofMinutes(1));
	}

	/** The keys of {@code KEY_ENCRYPTION_KEY_PREVIOUS}, in order. */
	public List<String> previousKeys() {
		return Arrays.stream(this.previousKey.split(",")).map(String::trim).filter((key) -> !key.isEmpty()).toList();
	}

	@Override
	public String toString() {
		return "KeyEncryptionProperties[key=****, previousKey=" + (this.previousKey.isBlank() ? "(unset)" : "****")
				+ "]";
	}

}
