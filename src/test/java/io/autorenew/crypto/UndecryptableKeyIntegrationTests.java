package io.autorenew.crypto;

import io.autorenew.support.Api.Response;
import io.autorenew.support.IntegrationTest;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.StoredKeys;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stored key encrypted under an encryption key the service no longer has (the demo after a
 * restart) is replaced without a word to the user, and the operator is told once, with why.
 */
@ExtendWith(OutputCaptureExtension.class)
class UndecryptableKeyIntegrationTests extends IntegrationTest {

	private static final String OTHER_ENCRYPTION_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

	private static final String KEY = "sk-or-v1-5555555555555555555555555555555555555555555555555555555555ffff";

	@Test
	void keyUnderAnEncryptionKeyNoLongerConfiguredIsReplacedAndReportedOnceWithTheReason(CapturedOutput output) {
		KeyCipher former = new KeyCipher(KeyEncryptionProperties.of(OTHER_ENCRYPTION_KEY, ""));
		StoredKeys.seed("alice", KEY, "hash-alice");
		StoredKeys.collection()
			.updateOne(com.mongodb.client.model.Filters.eq("user_id", "alice"),
					com.mongodb.client.model.Updates.combine(
							com.mongodb.client.model.Updates.set("encrypted_key", former.encrypt("alice", KEY)),
							com.mongodb.client.model.Updates.set("encryption_key_id", former.currentKeyId())));
		int before = output.length();

		Response first = this.api.analyse(Tokens.user("alice"), "{\"prompt\":\"hello\"}");
		Response second = this.api.analyse(Tokens.user("alice"), "{\"prompt\":\"hello\"}");

		assertThat(first.status()).isEqualTo(200);
		assertThat(first.json().path("keyRenewed").asBoolean()).isTrue();
		assertThat(second.json().path("keyRenewed").asBoolean()).isFalse();
		assertThat(OpenRouterStub.mintRequests()).hasSize(1);
		String logged = output.toString().substring(before);
		assertThat(logged.split("cannot be decrypted", -1)).as("warnings about the key").hasSize(2);
		assertThat(logged).contains("encrypted under encryption key id " + former.currentKeyId())
			.contains("the encryption key changed since it was stored");
	}

}
