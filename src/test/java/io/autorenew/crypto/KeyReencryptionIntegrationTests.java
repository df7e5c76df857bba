package io.autorenew.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.autorenew.support.Api.Response;
import io.autorenew.support.MongoWireServer;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.Replica;
import io.autorenew.support.StoredKeys;
import io.autorenew.support.Tokens;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A complete rotation of the encryption key at rest: with {@code KEY_ENCRYPTION_KEY} new and
 * {@code KEY_ENCRYPTION_KEY_PREVIOUS} the old one, the background re-encryption rewrites every
 * stored key under the new key (those in today's Tink format and those written before Tink),
 * checkpoints after each batch, resumes on another replica after the first one stopped half-way,
 * and says when the old key may go. Then a replica that knows only the new key reads them all.
 */
class KeyReencryptionIntegrationTests {

	private static final String OLD = StoredKeys.ENCRYPTION_KEY;

	private static final String NEW = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

	private static final String LOST = "ZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmY=";

	private final Map<String, String> plaintexts = new LinkedHashMap<>();

	@BeforeEach
	void seedKeysUnderTheOldKey() throws Exception {
		MongoWireServer.reset();
		OpenRouterStub.reset();
		// someone else holds the re-encryption lease: the schedule stays out, the test drives the steps
		MongoWireServer.database()
			.getCollection("service_leases")
			.insertOne(new Document("_id", "key-reencryption").append("holder", "the-test")
				.append("until", Date.from(Instant.parse("2999-01-01T00:00:00Z"))));
		KeyCipher old = new KeyCipher(KeyEncryptionProperties.of(OLD, ""));
		KeyCipher lost = new KeyCipher(KeyEncryptionProperties.of(LOST, ""));
		for (int i = 1; i <= 8; i++) {
			String user = "user-" + i;
			String key = "sk-or-v1-" + String.valueOf(i).repeat(60) + "abc" + i;
			StoredKeys.seed(user, key, "hash-" + i);
			this.plaintexts.put(user, key);
			if (i <= 4) {
				// written before Tink: nonce, ciphertext and tag, with a fingerprint id beside it
				set(user, legacyEncrypt(OLD, user, key), legacyId(OLD));
			}
			else if (i == 8) {
				set(user, lost.encrypt(user, key), lost.currentKeyId());
				this.plaintexts.remove(user);
			}
			else {
				set(user, old.encrypt(user, key), old.currentKeyId());
			}
		}
	}

	@Test
	void rewritesEveryReadableKeyUnderTheNewKeyResumingAtTheCheckpointOnAnotherReplica() {
		String[] rotated = { "KEY_ENCRYPTION_KEY=" + NEW, "KEY_ENCRYPTION_KEY_PREVIOUS=" + OLD,
				"KEY_REENCRYPTION_BATCH_SIZE=3" };
		String newId = new KeyCipher(KeyEncryptionProperties.of(NEW, "")).currentKeyId();
		Instant startedAt;
		try (Replica first = Replica.start("rotating-1", rotated)) {
			KeyReencryption.Progress half = first.bean(KeyReencryption.class).step();

			assertThat(half.currentKeyId()).isEqualTo(newId);
			assertThat(half.keys()).isEqualTo(8);
			assertThat(half.run().reencrypted()).isEqualTo(3);
			assertThat(half.run().after()).isEqualTo("user-3");
			assertThat(half.run().finishedAt()).isNull();
			assertThat(half.pending()).isEqualTo(5);
			assertThat(half.complete()).isFalse();
			startedAt = half.run().startedAt();
		}
		// the first replica stopped half-way; another one picks the pass up where it was left
		try (Replica second = Replica.start("rotating-2", rotated)) {
			KeyReencryption reencryption = second.bean(KeyReencryption.class);
			KeyReencryption.Progress progress = reencryption.step();
			assertThat(progress.run().after()).isEqualTo("user-6");
			assertThat(progress.run().reencrypted()).isEqualTo(6);
			progress = reencryption.step();

			assertThat(progress.run().startedAt()).isEqualTo(startedAt);
			assertThat(progress.run().finishedAt()).isNotNull();
			assertThat(progress.run().reencrypted()).isEqualTo(7);
			assertThat(progress.run().unreadable()).isEqualTo(1);
			assertThat(progress.pending()).isEqualTo(1);
			assertThat(progress.underCurrentKey()).isEqualTo(7);
			assertThat(progress.complete()).isTrue();
			assertThat(reencryption.step().run().reencrypted()).as("a finished pass does nothing more").isEqualTo(7);

			Response status = second.api().get("/admin/encryption", Tokens.admin());
			assertThat(status.status()).isEqualTo(200);
			JsonNode json = status.json();
			assertThat(json.path("currentKeyId").asString()).isEqualTo(newId);
			assertThat(json.path("keyIds")).hasSize(2);
			assertThat(json.path("keys").asLong()).isEqualTo(8);
			assertThat(json.path("underCurrentKey").asLong()).isEqualTo(7);
			assertThat(json.path("pending").asLong()).isEqualTo(1);
			assertThat(json.path("complete").asBoolean()).isTrue();
			assertThat(json.path("reencryption").path("reencrypted").asLong()).isEqualTo(7);
			assertThat(json.path("reencryption").path("unreadable").asLong()).isEqualTo(1);
			assertThat(status.body()).doesNotContain(OLD).doesNotContain(NEW);
			assertThat(second.api().get("/admin/encryption", Tokens.user("user-1")).status()).isEqualTo(403);
		}
		KeyCipher newOnly = new KeyCipher(KeyEncryptionProperties.of(NEW, ""));
		this.plaintexts.forEach((user, key) -> {
			Document stored = StoredKeys.of(user);
			assertThat(stored.getString("encryption_key_id")).isEqualTo(newId);
			byte[] sealed = Base64.getDecoder().decode(stored.getString("encrypted_key"));
			assertThat(sealed[0]).as("Tink's version byte").isEqualTo((byte) 1);
			assertThat("t-" + HexFormat.of().formatHex(sealed, 1, 5)).as("the key id in the ciphertext")
				.isEqualTo(newId);
			assertThat(newOnly.decrypt(user, newId, stored.getString("encrypted_key"))).isEqualTo(key);
		});
		// the old key dropped: every key still works, nothing minted
		try (Replica after = Replica.start("rotated", "KEY_ENCRYPTION_KEY=" + NEW)) {
			Response answer = after.api().analyse(Tokens.user("user-2"), "{\"prompt\":\"hello\"}");

			assertThat(answer.status()).isEqualTo(200);
			assertThat(OpenRouterStub.chatBearers()).containsExactly(this.plaintexts.get("user-2"));
			assertThat(OpenRouterStub.mintRequests()).isEmpty();
		}
	}

	@Test
	void aKeyWrittenUnderTheOldKeyAfterThePassFinishedStartsANewPass() {
		try (Replica replica = Replica.start("rotating", "KEY_ENCRYPTION_KEY=" + NEW,
				"KEY_ENCRYPTION_KEY_PREVIOUS=" + OLD)) {
			KeyReencryption reencryption = replica.bean(KeyReencryption.class);
			assertThat(reencryption.step().complete()).isTrue();
			// a replica still on the old configuration during a rolling deploy stores a key
			KeyCipher old = new KeyCipher(KeyEncryptionProperties.of(OLD, ""));
			set("user-5", old.encrypt("user-5", this.plaintexts.get("user-5")), old.currentKeyId());
			assertThat(reencryption.progress().complete()).isFalse();

			KeyReencryption.Progress again = reencryption.step();

			assertThat(again.complete()).isTrue();
			assertThat(again.pending()).isEqualTo(1);
			assertThat(StoredKeys.of("user-5").getString("encryption_key_id")).isEqualTo(again.currentKeyId());
		}
	}

	@Test
	void whenEveryKeyIsUnderTheCurrentKeyItIsCompleteBeforeAnyPassAndReadingChangesNothing() {
		StoredKeys.collection().deleteMany(new Document("user_id", new Document("$ne", "user-5")));
		try (Replica replica = Replica.start("current", "KEY_ENCRYPTION_KEY=" + OLD)) {
			KeyReencryption.Progress progress = replica.bean(KeyReencryption.class).progress();

			assertThat(progress.pending()).isZero();
			assertThat(progress.complete()).isTrue();
			assertThat(progress.run().startedAt()).isNull();
			assertThat(MongoWireServer.database().getCollection(KeyReencryption.COLLECTION).countDocuments())
				.as("a read writes no checkpoint").isZero();
		}
	}

	private static void set(String user, String ciphertext, String keyId) {
		StoredKeys.collection()
			.updateOne(new Document("user_id", user), new Document("$set",
					new Document("encrypted_key", ciphertext).append("encryption_key_id", keyId)));
	}

	/** The format written before Tink: AES-256-GCM, base64 of a 12-byte nonce, ciphertext and tag, AAD the user. */
	private static String legacyEncrypt(String base64Key, String user, String plaintext) throws Exception {
		byte[] nonce = HexFormat.of().parseHex("0102030405060708090a0b0c");
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(base64Key), "AES"),
				new GCMParameterSpec(128, nonce));
		cipher.updateAAD(user.getBytes(StandardCharsets.UTF_8));
		byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
		return Base64.getEncoder()
			.encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
	}

	private static String legacyId(String base64Key) throws Exception {
		byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(Base64.getDecoder().decode(base64Key));
		return "k-" + HexFormat.of().formatHex(digest, 0, 6);
	}

}
