package io.autorenew.crypto;

import io.autorenew.support.Api.Response;
import io.autorenew.support.IntegrationTest;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.RotatedSecrets;
import io.autorenew.support.StoredKeys;
import io.autorenew.support.Tokens;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After the encryption key is rotated ({@code KEY_ENCRYPTION_KEY} new,
 * {@code KEY_ENCRYPTION_KEY_PREVIOUS} the old one, as the test service runs), stored keys keep
 * working and are re-encrypted under the new key as they are read.
 */
class EncryptionKeyRotationIntegrationTests extends IntegrationTest {

	private static final String KEY = "sk-or-v1-4444444444444444444444444444444444444444444444444444444444eeee";

	@Test
	void keyEncryptedUnderThePreviousKeyStillWorksAndIsReencrypted() {
		StoredKeys.seed("alice", KEY, "hash-alice", null, RotatedSecrets.PREVIOUS_CIPHER);
		String oldKeyId = StoredKeys.of("alice").getString("encryption_key_id");

		Response response = this.api.analyse(Tokens.user("alice"), "{\"prompt\":\"hello\"}");

		assertThat(response.status()).isEqualTo(200);
		assertThat(OpenRouterStub.chatBearers()).containsExactly(KEY);
		assertThat(OpenRouterStub.mintRequests()).isEmpty();
		Document stored = StoredKeys.of("alice");
		assertThat(stored.getString("encryption_key_id")).isNotEqualTo(oldKeyId);
		assertThat(StoredKeys.CIPHER.decrypt("alice", stored.getString("encryption_key_id"), stored.getString("encrypted_key")))
			.isEqualTo(KEY);
	}

}
