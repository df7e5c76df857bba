package io.autorenew.support;

/**
 * Both secrets in the middle of a rotation: the encryption key and the HS256 secret are new, and
 * the old ones ({@link StoredKeys#ENCRYPTION_KEY}, {@link Tokens#SECRET}) are the previous ones.
 * The tests of either rotation name all four settings, so they share one application context.
 */
public final class RotatedSecrets {

	/** The new {@code KEY_ENCRYPTION_KEY}: base64 of 32 bytes. */
	public static final String NEW_ENCRYPTION_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

	/** The new {@code AUTH_JWT_SECRET}. */
	public static final String NEW_JWT_SECRET = "rotated-secret-9876543210-zyxwvutsrq-ZYXWVUTSRQ";

	public static final String ENCRYPTION_KEY = "KEY_ENCRYPTION_KEY=" + NEW_ENCRYPTION_KEY;

	public static final String ENCRYPTION_KEY_PREVIOUS = "KEY_ENCRYPTION_KEY_PREVIOUS=" + StoredKeys.ENCRYPTION_KEY;

	public static final String JWT_SECRET = "AUTH_JWT_SECRET=" + NEW_JWT_SECRET;

	public static final String JWT_SECRET_PREVIOUS = "AUTH_JWT_SECRET_PREVIOUS=" + Tokens.SECRET;

	private RotatedSecrets() {
	}

}
