package io.autorenew.keys;

import io.autorenew.support.Api.Response;
import io.autorenew.support.IntegrationTest;
import io.autorenew.support.MongoWireServer;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.SecretRegistry;
import io.autorenew.support.StoredKeys;
import io.autorenew.support.Tokens;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Documents written by the Boot 3.5 build, exactly as it stored them (read back with the
 * MongoDB Node.js driver from a demo run of that build, in canonical extended JSON), are
 * read and used by this build without a migration.
 */
class StoredDocumentCompatibilityIntegrationTests extends IntegrationTest {

	private static final String KEY = "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";

	/** {@code api_keys} as the 3.5 build wrote it; the ciphertext is replaced by one under the test key. */
	private static final String API_KEY_DOCUMENT = """
			{"_id":{"$oid":"6b0fb7abf577d0b93a05e384"},"user_id":"demo-user","provider":"openrouter",
			"key_hash":"6c3d2d107e6e8aa40adecd326b59177b420839f4c7a46bf907feff7a3dd20e8b","key_label":"****7a31",
			"encrypted_key":"CIPHERTEXT","encryption_key_id":"KEY_ID",
			"created_at":{"$date":{"$numberLong":"1796192171839"}},"expires_at":{"$date":{"$numberLong":"1798784171000"}},
			"auto_renewed":true,"last_renewal_at":{"$date":{"$numberLong":"1796192171839"}},"renewal_count":{"$numberInt":"1"}}
			""";

	/** {@code key_events} as the 3.5 build wrote them. */
	private static final String[] EVENT_DOCUMENTS = { """
			{"_id":{"$oid":"6b0fb7abf577d0b93a05e385"},"user_id":"demo-user","event":"provisioned","reason":"first_use",
			"new_label":"****6ba5","at":{"$date":{"$numberLong":"1796192171701"}},"instance":"10532@vm"}
			""", """
			{"_id":{"$oid":"6b0fb7abf577d0b93a05e386"},"user_id":"demo-user","event":"renewed","reason":"rejected",
			"old_label":"****6ba5","new_label":"****7a31","at":{"$date":{"$numberLong":"1796192171853"}},"instance":"10532@vm"}
			""" };

	@Test
	void keyWrittenByTheOldBuildIsShownAndUsed() {
		SecretRegistry.register("key written by the 3.5 build", KEY);
		StoredKeys.collection()
			.insertOne(Document.parse(API_KEY_DOCUMENT.replace("CIPHERTEXT", StoredKeys.CIPHER.encrypt("demo-user", KEY))
				.replace("KEY_ID", StoredKeys.CIPHER.currentKeyId())));

		Response status = this.api.get("/analysis/key", Tokens.user("demo-user"));
		Response analysis = this.api.analyse(Tokens.user("demo-user"), "{\"prompt\":\"hello there\"}");

		assertThat(status.status()).isEqualTo(200);
		assertThat(status.json().path("keyLabel").asString()).isEqualTo("****7a31");
		assertThat(status.json().path("createdAt").asString()).isEqualTo("2026-12-02T06:16:11.839Z");
		assertThat(status.json().path("expiresAt").asString()).isEqualTo("2027-01-01T06:16:11Z");
		assertThat(status.json().path("autoRenewed").asBoolean()).isTrue();
		assertThat(status.json().path("lastRenewalAt").asString()).isEqualTo("2026-12-02T06:16:11.839Z");
		assertThat(status.json().path("renewalCount").asInt()).isEqualTo(1);
		assertThat(analysis.status()).isEqualTo(200);
		assertThat(analysis.json().path("keyProvisioned").asBoolean()).isFalse();
		assertThat(analysis.json().path("keyRenewed").asBoolean()).isFalse();
		assertThat(OpenRouterStub.mintRequests()).isEmpty();
		assertThat(OpenRouterStub.chatBearers()).containsExactly(KEY);
	}

	@Test
	void auditEventsWrittenByTheOldBuildAreListed() {
		for (String event : EVENT_DOCUMENTS) {
			MongoWireServer.database().getCollection("key_events").insertOne(Document.parse(event));
		}

		Response events = this.api.get("/admin/users/demo-user/openrouter-key/events", Tokens.admin());

		assertThat(events.status()).isEqualTo(200);
		assertThat(events.json().path("total").asInt()).isEqualTo(2);
		assertThat(events.json().path("events").findValuesAsString("event")).containsExactly("renewed", "provisioned");
		assertThat(events.json().path("events").get(0).path("oldKeyLabel").asString()).isEqualTo("****6ba5");
		assertThat(events.json().path("events").get(0).path("newKeyLabel").asString()).isEqualTo("****7a31");
		assertThat(events.json().path("events").get(1).path("reason").asString()).isEqualTo("first_use");
		assertThat(events.json().path("events").get(1).path("at").asString()).isEqualTo("2026-12-02T06:16:11.701Z");
	}

}
