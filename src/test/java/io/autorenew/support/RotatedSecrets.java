package io.autorenew.support;

import io.autorenew.crypto.KeyCipher;
import io.autorenew.crypto.KeyEncryptionProperties;

/**
 * The secrets the test service retired, as a deployment in the middle of a rotation still names
 * them: {@code KEY_ENCRYPTION_KEY_PREVIOUS} and {@code AUTH_JWT_SECRET_PREVIOUS}. The current ones
 * are {@link StoredKeys#ENCRYPTION_KEY} and {@link Tokens#SECRET}, so every other test runs on
 * them as usual, and the tests of either rotation share the base context.
 */
public final class RotatedSecrets {

	/** The retired {@code KEY_ENCRYPTION_KEY}: base64 of 32 bytes. */
	public static final String PREVIOUS_ENCRYPTION_KEY = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";

	/** The retired {@code AUTH_JWT_SECRET}. */
	public static final String PREVIOUS_JWT_SECRET = "rotated-secret-9876543210-zyxwvutsrq-ZYXWVUTSRQ";

	/** Seals keys as the service did before the encryption key was rotated. */
	public static final KeyCipher PREVIOUS_CIPHER = new KeyCipher(KeyEncryptionProperties.of(PREVIOUS_ENCRYPTION_KEY, ""));

	static final String ENCRYPTION_KEY_PREVIOUS = "KEY_ENCRYPTION_KEY_PREVIOUS=" + PREVIOUS_ENCRYPTION_KEY;

	static final String JWT_SECRET_PREVIOUS = "AUTH_JWT_SECRET_PREVIOUS=" + PREVIOUS_JWT_SECRET;

	private RotatedSecrets() {
	}

}
