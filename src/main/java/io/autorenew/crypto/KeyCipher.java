package io.autorenew.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.util.SecretBytes;
import io.autorenew.InvalidSettingException;

/**
 * Encrypts runtime keys at rest with a Google Tink AES-256-GCM keyset. {@code KEY_ENCRYPTION_KEY}
 * is the primary key, the one that encrypts; each key in {@code KEY_ENCRYPTION_KEY_PREVIOUS}
 * still decrypts. Every ciphertext starts with Tink's 5-byte prefix naming the key that made
 * it (a version byte and a 4-byte key id derived from the key, so every replica derives the same
 * ids), then a fresh 96-bit nonce, the ciphertext and the tag. Each ciphertext is bound to its
 * user through the associated data, so a ciphertext copied into another user's document does
 * not decrypt.
 * <p>
 * Ciphertexts written before Tink (no prefix: nonce, ciphertext and tag, under the same key
 * bytes and associated data, stored with an {@code encryption_key_id} of {@code k-…}) are
 * Tink's {@code NO_PREFIX} AES-GCM format, so each configured key is in the keyset a second
 * time in that variant: they stay readable while {@link KeyReencryption} rewrites them.
 */
public final class KeyCipher {

	private static final int KEY_BYTES = 32;

	private static final String ID_PREFIX = "t-";

	static {
		try {
			AeadConfig.register();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Tink's AEAD primitives cannot be registered", ex);
		}
	}

	private final Aead aead;

	private final String currentId;

	private final List<String> keyIds;

	public KeyCipher(KeyEncryptionProperties properties) {
		Map<Integer, byte[]> keys = new LinkedHashMap<>();
		byte[] current = keyBytes(properties.key(), "KEY_ENCRYPTION_KEY");
		keys.put(tinkId(current), current);
		for (String previous : properties.previousKeys()) {
			byte[] bytes = keyBytes(previous, "KEY_ENCRYPTION_KEY_PREVIOUS");
			byte[] clash = keys.putIfAbsent(tinkId(bytes), bytes);
			if (clash != null && !MessageDigest.isEqual(clash, bytes)) {
				throw new InvalidSettingException("two encryption keys share the key id " + label(tinkId(bytes))
						+ ": generate another key with `openssl rand -base64 32`");
			}
		}
		this.aead = aead(keys);
		this.currentId = label(tinkId(current));
		this.keyIds = keys.keySet().stream().map(KeyCipher::label).toList();
	}

	/** The id of the key that encrypts, as stored in {@code encryption_key_id}: {@code t-} and 8 hex digits. */
	public String currentKeyId() {
		return this.currentId;
	}

	/** The ids of every key that decrypts, the current one first. */
	public List<String> keyIds() {
		return this.keyIds;
	}

	/** Encrypts {@code plaintext} for {@code userId}: base64 of Tink's prefix, nonce, ciphertext and tag. */
	public String encrypt(String userId, String plaintext) {
		try {
			return Base64.getEncoder()
				.encodeToString(this.aead.encrypt(plaintext.getBytes(StandardCharsets.UTF_8), aad(userId)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available", ex);
		}
	}

	/**
	 * Decrypts what {@link #encrypt} produced, or a ciphertext written before Tink, under any
	 * configured key. Tink picks the key by the ciphertext's prefix.
	 * @param storedKeyId the {@code encryption_key_id} stored beside the ciphertext, named
	 * when it does not decrypt
	 * @throws UndecryptableKeyException when no configured key decrypts it for this user
	 */
	public String decrypt(String userId, String storedKeyId, String ciphertext) {
		if (ciphertext == null) {
			throw new UndecryptableKeyException("no ciphertext is stored");
		}
		byte[] sealed;
		try {
			sealed = Base64.getDecoder().decode(ciphertext);
		}
		catch (IllegalArgumentException ex) {
			throw new UndecryptableKeyException("ciphertext is not base64");
		}
		try {
			return new String(this.aead.decrypt(sealed, aad(userId)), StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException ex) {
			throw new UndecryptableKeyException("it was encrypted under encryption key id " + storedKeyId
					+ ", and neither KEY_ENCRYPTION_KEY (" + this.currentId
					+ ") nor KEY_ENCRYPTION_KEY_PREVIOUS decrypts it: the encryption key changed since it was stored "
					+ "(the demo generates a new one at every start unless KEY_ENCRYPTION_KEY is set)");
		}
	}

	private static Aead aead(Map<Integer, byte[]> keys) {
		try {
			KeysetHandle.Builder keyset = KeysetHandle.newBuilder();
			boolean primary = true;
			List<KeysetHandle.Builder.Entry> legacy = new ArrayList<>();
			for (Map.Entry<Integer, byte[]> key : keys.entrySet()) {
				KeysetHandle.Builder.Entry entry = KeysetHandle
					.importKey(aesGcm(AesGcmParameters.Variant.TINK, key.getValue(), key.getKey()))
					.withFixedId(key.getKey());
				keyset.addEntry(primary ? entry.makePrimary() : entry);
				primary = false;
				legacy.add(KeysetHandle.importKey(aesGcm(AesGcmParameters.Variant.NO_PREFIX, key.getValue(), null))
					.withRandomId());
			}
			legacy.forEach(keyset::addEntry);
			return keyset.build().getPrimitive(RegistryConfiguration.get(), Aead.class);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("the encryption keyset cannot be built", ex);
		}
	}

	private static AesGcmKey aesGcm(AesGcmParameters.Variant variant, byte[] bytes, Integer id)
			throws GeneralSecurityException {
		AesGcmParameters parameters = AesGcmParameters.builder()
			.setKeySizeBytes(KEY_BYTES)
			.setIvSizeBytes(12)
			.setTagSizeBytes(16)
			.setVariant(variant)
			.build();
		return AesGcmKey.builder()
			.setParameters(parameters)
			.setKeyBytes(SecretBytes.copyFrom(bytes, InsecureSecretKeyAccess.get()))
			.setIdRequirement(id)
			.build();
	}

	private static byte[] aad(String userId) {
		return userId.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] keyBytes(String base64, String variable) {
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
		return bytes;
	}

	/** The key's Tink id: the first four bytes of its SHA-256, the same on every replica. */
	private static int tinkId(byte[] key) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
			return ((digest[0] & 0xff) << 24) | ((digest[1] & 0xff) << 16) | ((digest[2] & 0xff) << 8)
					| (digest[3] & 0xff);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String label(int tinkId) {
		return ID_PREFIX + HexFormat.of().toHexDigits(tinkId);
	}

	/** A stored key that cannot be decrypted with the configured encryption keys. */
	public static final class UndecryptableKeyException extends RuntimeException {

		UndecryptableKeyException(String message) {
			super(message);
		}

	}

}
