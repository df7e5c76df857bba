package io.autorenew.crypto;

import io.autorenew.InvalidSettingException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyCipherTests {

	private static final String CURRENT = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=";

	private static final String OTHER = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

	private static final String KEY = "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";

	private final KeyCipher cipher = new KeyCipher(KeyEncryptionProperties.of(CURRENT, ""));

	@Test
	void roundTripsAndNeverShowsThePlaintext() {
		String sealed = this.cipher.encrypt("alice", KEY);

		assertThat(sealed).doesNotContain("d3558566").doesNotContain("b465");
		assertThat(this.cipher.decrypt("alice", this.cipher.currentKeyId(), sealed)).isEqualTo(KEY);
	}

	@Test
	void everyEncryptionUsesAFreshNonce() {
		assertThat(this.cipher.encrypt("alice", KEY)).isNotEqualTo(this.cipher.encrypt("alice", KEY));
	}

	@Test
	void ciphertextIsBoundToItsUser() {
		String sealed = this.cipher.encrypt("alice", KEY);

		assertThatThrownBy(() -> this.cipher.decrypt("mallory", this.cipher.currentKeyId(), sealed))
			.isInstanceOf(KeyCipher.UndecryptableKeyException.class);
	}

	@Test
	void tamperedCiphertextDoesNotDecrypt() {
		String sealed = this.cipher.encrypt("alice", KEY);
		String tampered = sealed.substring(0, 20) + (sealed.charAt(20) == 'A' ? 'B' : 'A') + sealed.substring(21);

		assertThatThrownBy(() -> this.cipher.decrypt("alice", this.cipher.currentKeyId(), tampered))
			.isInstanceOf(KeyCipher.UndecryptableKeyException.class);
	}

	@Test
	void previousKeyStillDecryptsAfterRotation() {
		KeyCipher before = new KeyCipher(KeyEncryptionProperties.of(OTHER, ""));
		String sealed = before.encrypt("alice", KEY);
		KeyCipher rotated = new KeyCipher(KeyEncryptionProperties.of(CURRENT, OTHER));

		assertThat(rotated.decrypt("alice", before.currentKeyId(), sealed)).isEqualTo(KEY);
		assertThat(rotated.currentKeyId()).isEqualTo(this.cipher.currentKeyId()).isNotEqualTo(before.currentKeyId());
	}

	@Test
	void unknownKeyIdDoesNotDecrypt() {
		KeyCipher other = new KeyCipher(KeyEncryptionProperties.of(OTHER, ""));
		String sealed = other.encrypt("alice", KEY);

		assertThatThrownBy(() -> this.cipher.decrypt("alice", other.currentKeyId(), sealed))
			.isInstanceOf(KeyCipher.UndecryptableKeyException.class);
	}

	@Test
	void keyIdIsAFingerprintNotTheKey() {
		assertThat(this.cipher.currentKeyId()).matches("t-[0-9a-f]{8}");
		assertThat(new KeyCipher(KeyEncryptionProperties.of(CURRENT, OTHER)).currentKeyId())
			.as("the same key has the same id on every replica, whatever else is configured")
			.isEqualTo(this.cipher.currentKeyId());
	}

	@Test
	void eachCiphertextNamesItsKeyInTinksPrefix() {
		byte[] sealed = java.util.Base64.getDecoder().decode(this.cipher.encrypt("alice", KEY));

		assertThat(sealed[0]).isEqualTo((byte) 1);
		assertThat("t-" + java.util.HexFormat.of().formatHex(sealed, 1, 5)).isEqualTo(this.cipher.currentKeyId());
		assertThat(sealed).hasSize(5 + 12 + KEY.length() + 16);
	}

	@Test
	void everyPreviousKeyInTheListStillDecrypts() {
		String third = "ZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmY=";
		String sealedUnderOther = new KeyCipher(KeyEncryptionProperties.of(OTHER, "")).encrypt("alice", KEY);
		String sealedUnderThird = new KeyCipher(KeyEncryptionProperties.of(third, "")).encrypt("alice", KEY);
		KeyCipher rotated = new KeyCipher(KeyEncryptionProperties.of(CURRENT, OTHER + " , " + third));

		assertThat(rotated.decrypt("alice", "?", sealedUnderOther)).isEqualTo(KEY);
		assertThat(rotated.decrypt("alice", "?", sealedUnderThird)).isEqualTo(KEY);
		assertThat(rotated.keyIds()).hasSize(3).first().isEqualTo(rotated.currentKeyId());
	}

	@Test
	void rejectsKeysThatAreNot32Bytes() {
		assertThatThrownBy(() -> new KeyCipher(KeyEncryptionProperties.of("c2hvcnQ=", "")))
			.isInstanceOf(InvalidSettingException.class)
			.hasMessageContaining("exactly 32 bytes");
		assertThatThrownBy(() -> new KeyCipher(KeyEncryptionProperties.of("not base64!", "")))
			.isInstanceOf(InvalidSettingException.class);
	}

	@Test
	void propertiesNeverPrintTheKeys() {
		assertThat(KeyEncryptionProperties.of(CURRENT, OTHER).toString()).doesNotContain(CURRENT)
			.doesNotContain(OTHER);
	}

}
