package io.autorenew.renewal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.autorenew.crypto.KeyCipher;
import io.autorenew.crypto.KeyEncryptionProperties;
import io.autorenew.hygiene.KeyReconciler;
import io.autorenew.support.Api.Response;
import io.autorenew.support.IntegrationTest;
import io.autorenew.support.LedgerKey;
import io.autorenew.support.OpenRouterLedger;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.StoredKeys;
import io.autorenew.support.Tokens;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The renewal engine end to end, with WireMock keeping OpenRouter's key state: bounded and
 * encrypted keys, single flight over real HTTP, audit trail, metrics and orphan cleanup.
 */
class KeyLifecycleIntegrationTests extends IntegrationTest {

	private static final String PROMPT = "{\"prompt\":\"Summarise the quarterly report.\"}";

	@Autowired
	private KeyReconciler reconciler;

	@BeforeEach
	void openRouterChecksKeys() {
		OpenRouterStub.chatChecksLedger();
	}

	@Test
	void mintedKeysCarryALimitAResetAndAnExpiry() {
		Instant before = Instant.now();

		assertThat(this.api.analyse(Tokens.user("alice"), PROMPT).status()).isEqualTo(200);

		JsonNode body = OpenRouterLedger.createBodies().get(0);
		assertThat(body.path("name").asString()).matches("analysis-service:alice:[0-9a-f-]{36}");
		assertThat(body.path("limit").decimalValue()).isEqualByComparingTo("5");
		assertThat(body.path("limit_reset").asString()).isEqualTo("monthly");
		Instant expiresAt = Instant.parse(body.path("expires_at").asString());
		assertThat(body.path("expires_at").asString()).endsWith("Z");
		assertThat(expiresAt).isBetween(before.plus(Duration.ofDays(30)).minusSeconds(2),
				Instant.now().plus(Duration.ofDays(30)));
		assertThat(StoredKeys.of("alice").getDate("expires_at").toInstant()).isEqualTo(expiresAt);
		assertThat(OpenRouterStub.specViolations()).isEmpty();
	}

	@Test
	void storedDocumentsHoldNoKey() {
		this.api.analyse(Tokens.user("alice"), PROMPT);
		String key = OpenRouterLedger.live().get(0).key();

		Document stored = StoredKeys.of("alice");

		assertThat(stored.toJson()).doesNotContain(key).doesNotContain(key.substring(9, 30));
		assertThat(stored.getString("encrypted_key")).isNotBlank();
		assertThat(stored.getString("encryption_key_id")).isEqualTo(StoredKeys.CIPHER.currentKeyId());
		assertThat(stored).doesNotContainKey("api_key");
		assertThat(StoredKeys.CIPHER.decrypt("alice", stored.getString("encryption_key_id"),
				stored.getString("encrypted_key")))
			.isEqualTo(key);
	}

	@Test
	void keyThatCannotBeDecryptedIsReplacedTransparently() {
		this.api.analyse(Tokens.user("alice"), PROMPT);
		LedgerKey original = OpenRouterLedger.live().get(0);
		// a ciphertext made for another user: bound to that user, it does not decrypt for alice
		StoredKeys.collection()
			.updateOne(new Document("user_id", "alice"), new Document("$set",
					new Document("encrypted_key", StoredKeys.CIPHER.encrypt("mallory", original.key()))));
		this.keyCache.clear();

		Response response = this.api.analyse(Tokens.user("alice"), PROMPT);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().path("keyRenewed").asBoolean()).isTrue();
		assertThat(OpenRouterStub.deletedHashes()).containsExactly(original.hash());
		assertThat(OpenRouterLedger.live()).hasSize(1).extracting(LedgerKey::hash).doesNotContain(original.hash());
		assertThat(StoredKeys.of("alice").getString("key_hash")).isEqualTo(OpenRouterLedger.live().get(0).hash());
	}

	@Test
	void keyEncryptedUnderAnUnknownEncryptionKeyIsReplacedTransparently() {
		KeyCipher lost = new KeyCipher(KeyEncryptionProperties.of("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", ""));
		LedgerKey original = OpenRouterLedger.addForeign("analysis-service:alice:seeded");
		StoredKeys.seed("alice", original.key(), original.hash());
		StoredKeys.collection()
			.updateOne(new Document("user_id", "alice"),
					new Document("$set", new Document("encrypted_key", lost.encrypt("alice", original.key()))
						.append("encryption_key_id", lost.currentKeyId())));

		Response response = this.api.analyse(Tokens.user("alice"), PROMPT);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().path("keyRenewed").asBoolean()).isTrue();
		assertThat(OpenRouterLedger.live()).hasSize(1).extracting(LedgerKey::hash).doesNotContain(original.hash());
		assertThat(OpenRouterStub.chatBearers()).containsExactly(OpenRouterLedger.live().get(0).key());
		assertThat(StoredKeys.of("alice").getString("encryption_key_id")).isEqualTo(StoredKeys.CIPHER.currentKeyId());
	}

	@RepeatedTest(3)
	void concurrentFirstRequestsOfOneUserMintOnce() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(32);
		try {
			List<Response> responses = KeyRenewerTests.race(pool, 32,
					() -> this.api.analyse(Tokens.user("alice"), PROMPT));

			assertThat(responses).extracting(Response::status).containsOnly(200);
			assertThat(OpenRouterStub.mintRequests()).hasSize(1);
			assertThat(responses).filteredOn((r) -> r.json().path("keyProvisioned").asBoolean()).hasSize(1);
			assertThat(OpenRouterLedger.live()).hasSize(1);
			assertThat(OpenRouterStub.chatBearers()).hasSize(32).containsOnly(OpenRouterLedger.live().get(0).key());
		}
		finally {
			pool.shutdownNow();
		}
	}

	@RepeatedTest(3)
	void concurrent401sOfOneUserMintOnce() throws Exception {
		this.api.analyse(Tokens.user("alice"), PROMPT);
		OpenRouterLedger.expire(OpenRouterLedger.live().get(0).key());
		ExecutorService pool = Executors.newFixedThreadPool(32);
		try {
			List<Response> responses = KeyRenewerTests.race(pool, 32,
					() -> this.api.analyse(Tokens.user("alice"), PROMPT));

			assertThat(responses).extracting(Response::status).containsOnly(200);
			assertThat(responses).anyMatch((r) -> r.json().path("keyRenewed").asBoolean());
			assertThat(OpenRouterStub.mintRequests()).hasSize(2);
			assertThat(OpenRouterLedger.live()).hasSize(1);
			assertThat(StoredKeys.of("alice").getString("key_hash")).isEqualTo(OpenRouterLedger.live().get(0).hash());
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void statusShowsUsageAndRemainingLimitFromOpenRouter() {
		this.api.analyse(Tokens.user("alice"), PROMPT);
		OpenRouterLedger.setUsage(OpenRouterLedger.live().get(0).hash(), 1.25);

		Response status = this.api.get("/analysis/key", Tokens.user("alice"));

		assertThat(status.json().path("usage").asDouble()).isEqualTo(1.25);
		assertThat(status.json().path("limitRemaining").asDouble()).isEqualTo(3.75);
		assertThat(this.api.get("/admin/users/alice/openrouter-key", Tokens.admin()).json().path("usage").asDouble())
			.isEqualTo(1.25);
		assertThat(OpenRouterStub.requests("GET", "/api/v1/key")).hasSize(1);
	}

	@Test
	void eventsAreAuditedNewestFirstAndPaged() {
		this.api.analyse(Tokens.user("alice"), PROMPT);
		OpenRouterLedger.expire(OpenRouterLedger.live().get(0).key());
		this.api.analyse(Tokens.user("alice"), PROMPT);
		this.api.postEmpty("/admin/users/alice/openrouter-key", Tokens.admin());
		this.api.delete("/admin/users/alice/openrouter-key", Tokens.admin());

		Response page = this.api.get("/admin/users/alice/openrouter-key/events?size=3", Tokens.admin());
		Response rest = this.api.get("/admin/users/alice/openrouter-key/events?size=3&page=1", Tokens.admin());

		assertThat(page.status()).isEqualTo(200);
		assertThat(page.json().path("total").asInt()).isEqualTo(4);
		assertThat(page.json().path("events").findValuesAsString("event")).containsExactly("deleted",
				"force_provisioned", "renewed");
		assertThat(rest.json().path("events").findValuesAsString("event")).containsExactly("provisioned");
		JsonNode renewed = page.json().path("events").get(2);
		assertThat(renewed.path("reason").asString()).isEqualTo("rejected");
		assertThat(renewed.path("oldKeyLabel").asString()).matches("\\*\\*\\*\\*[0-9a-f]{4}");
		assertThat(renewed.path("newKeyLabel").asString()).matches("\\*\\*\\*\\*[0-9a-f]{4}");
		assertThat(renewed.path("instance").asString()).isNotBlank();
		assertThat(renewed.path("at").asString()).isNotBlank();
		assertThat(this.api.get("/admin/users/alice/openrouter-key/events", Tokens.user("alice")).status())
			.isEqualTo(403);
		assertThat(this.api.get("/admin/users/alice/openrouter-key/events?size=1000", Tokens.admin()).code())
			.isEqualTo("invalid_request");
	}

	@Test
	void metricsCountMintsDeletesAndRejectionsForAdminsOnly() {
		this.api.analyse(Tokens.user("alice"), PROMPT);
		OpenRouterLedger.expire(OpenRouterLedger.live().get(0).key());
		this.api.analyse(Tokens.user("alice"), PROMPT);

		Response prometheus = this.api.get("/actuator/prometheus", Tokens.admin());

		assertThat(prometheus.status()).isEqualTo(200);
		assertThat(prometheus.body()).contains("openrouter_keys_minted_total{reason=\"first_use\"")
			.contains("openrouter_keys_minted_total{reason=\"rejected\"")
			.contains("openrouter_keys_deleted_total{reason=\"superseded\"")
			.contains("openrouter_upstream_auth_failures_total")
			.contains("openrouter_keys_mint_duration_seconds_count")
			.contains("openrouter_keys_mint_failures_total");
		assertThat(this.api.get("/actuator/metrics/openrouter.keys.minted", Tokens.admin()).status()).isEqualTo(200);
		assertThat(this.api.get("/actuator/prometheus", Tokens.user("alice")).code()).isEqualTo("forbidden");
		assertThat(this.api.get("/actuator/metrics", Tokens.user("alice")).code()).isEqualTo("forbidden");
	}

	@Test
	void healthShowsStoreAndProvisioningToAdmins() {
		Response admin = this.api.get("/actuator/health", Tokens.admin());
		Response anyone = this.api.get("/actuator/health", null);

		assertThat(admin.json().path("components").path("store").path("status").asString()).isEqualTo("UP");
		assertThat(admin.json().path("components").path("provisioning").path("details").path("configured")
			.asBoolean()).isTrue();
		assertThat(anyone.json().path("status").asString()).isEqualTo("UP");
		assertThat(anyone.json().has("components")).isFalse();
	}

	@Test
	void reconcilerKeepsEveryStoredKey() {
		this.api.analyse(Tokens.user("alice"), PROMPT);
		this.api.analyse(Tokens.user("bob"), PROMPT);
		OpenRouterLedger.live()
			.forEach((key) -> OpenRouterLedger.setCreatedAt(key.hash(), Instant.now().minus(Duration.ofDays(40))));

		this.reconciler.reconcile();

		assertThat(OpenRouterLedger.live()).hasSize(2);
	}

}
