package io.autorenew.keys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.autorenew.InvalidSettingException;

/**
 * Encrypts runtime keys at rest with AES-256-GCM (JCA). Each ciphertext has a fresh 96-bit
 * nonce and is bound to its user through the associated data, so a ciphertext copied into
 * another user's document does not decrypt. The id of the encryption key is stored beside
 * the ciphertext: after a rotation the previous key still decrypts, and documents are
 * re-encrypted under the current key as they are read.
 */
public final class KeyCipher {

	private static final String TRANSFORMATION = "AES/GCM/NoPadding";

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final int KEY_BYTES = 32;

	private final SecureRandom random = new SecureRandom();

	private final String currentId;

	private final Map<String, SecretKey> keys = new LinkedHashMap<>();

	public KeyCipher(KeyEncryptionProperties properties) {
		SecretKey current = aesKey(properties.key(), "KEY_ENCRYPTION_KEY");
		this.currentId = id(current);
		this.keys.put(this.currentId, current);
		if (!properties.previousKey().isBlank()) {
			SecretKey previous = aesKey(properties.previousKey(), "KEY_ENCRYPTION_KEY_PREVIOUS");
			this.keys.putIfAbsent(id(previous), previous);
		}
	}

	/** The id of the key that encrypts. */
	public String currentKeyId() {
		return this.currentId;
	}

	/** Encrypts {@code plaintext} for {@code userId}: base64 of nonce and ciphertext. */
	public String encrypt(String userId, String plaintext) {
		byte[] nonce = new byte[NONCE_BYTES];
		this.random.nextBytes(nonce);
		try {
			Cipher cipher = Cipher.getInstance(TRANSFORMATION);
			cipher.init(Cipher.ENCRYPT_MODE, this.keys.get(this.currentId), new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(userId.getBytes(StandardCharsets.UTF_8));
			byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder()
				.encodeToString(ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available", ex);
		}
	}

	/**
	 * Decrypts what {@link #encrypt} produced under key {@code keyId}.
	 * @throws UndecryptableKeyException when the key id is unknown or the ciphertext is not
	 * authentic for this user
	 */
	public String decrypt(String userId, String keyId, String ciphertext) {
		SecretKey key = this.keys.get(keyId);
		if (key == null || ciphertext == null) {
			throw new UndecryptableKeyException("it was encrypted under encryption key id " + keyId
					+ ", which is neither KEY_ENCRYPTION_KEY nor KEY_ENCRYPTION_KEY_PREVIOUS: the encryption key "
					+ "changed since it was stored (the demo generates a new one at every start unless "
					+ "KEY_ENCRYPTION_KEY is set)");
		}
		try {
			byte[] sealed = Base64.getDecoder().decode(ciphertext);
			Cipher cipher = Cipher.getInstance(TRANSFORMATION);
			cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
			cipher.updateAAD(userId.getBytes(StandardCharsets.UTF_8));
			byte[] plain = cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
			return new String(plain, StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw new UndecryptableKeyException("ciphertext does not decrypt: " + ex.getClass().getSimpleName());
		}
	}

	private static SecretKey aesKey(String base64, String variable) {
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(base64.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidSettingException(variable + " is not valid base64");
		}
		if (bytes.length != KEY_BYTES) {
			throw new InvalidSettingException(
					variable + " must be base64 of exactly 32 bytes (AES-256), not " + bytes.length + " bytes");
		}
		return new SecretKeySpec(bytes, "AES");
	}

	/** A short, non-secret fingerprint of an encryption key. */
	private static String id(SecretKey key) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
			return "k-" + HexFormat.of().formatHex(digest, 0, 6);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A stored key that cannot be decrypted with the configured encryption keys. */
	public static final class UndecryptableKeyException extends RuntimeException {

		UndecryptableKeyException(String message) {
			super(message);
		}

	}

}
