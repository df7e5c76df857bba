package io.autorenew.admin;

import java.util.List;
import java.util.Map;

import io.autorenew.support.Api.Response;
import io.autorenew.support.IntegrationTest;
import io.autorenew.support.MongoWireServer;
import io.autorenew.support.OpenRouterLedger;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.StoredKeys;
import io.autorenew.support.Tokens;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operator suspends one user and resumes them: every API refuses a suspended user with 403
 * {@code user_suspended} before OpenRouter is called, nothing is minted for them, their key is
 * disabled at OpenRouter, and both calls are idempotent and audited. A key disabled at
 * OpenRouter by someone else counts as revoked.
 */
class SuspendResumeIntegrationTests extends IntegrationTest {

	private static final String PROMPT = "{\"prompt\":\"Summarise the quarterly report.\"}";

	private static final String CHAT = "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

	@BeforeEach
	void chatChecksKeys() {
		OpenRouterStub.chatChecksLedger();
	}

	@Test
	void aSuspendedUserIsRefusedOnEveryApiBeforeOpenRouterAndTheKeyIsDisabled() {
		assertThat(analyse("alice").status()).isEqualTo(200);
		String hash = StoredKeys.of("alice").getString("key_hash");
		int chats = OpenRouterStub.chatRequests().size();

		Response suspended = this.api.postEmpty("/admin/users/alice/suspend", Tokens.admin());

		assertThat(suspended.status()).isEqualTo(200);
		assertThat(suspended.json().path("suspended").asBoolean()).isTrue();
		assertThat(suspended.json().path("suspendedAt").asString()).isNotBlank();
		assertThat(suspended.json().path("key").path("keyHash").asString()).isEqualTo(hash);
		assertThat(OpenRouterLedger.isDisabled(hash)).isTrue();
		assertThat(OpenRouterLedger.patchBodies()).extracting(JsonNode::toString).containsExactly("{\"disabled\":true}");

		Response analysis = analyse("alice");
		assertThat(analysis.status()).isEqualTo(403);
		assertThat(analysis.code()).isEqualTo("user_suspended");
		var stream = this.api.exchange("POST", "/analysis",
				Map.of("Authorization", "Bearer " + Tokens.user("alice"), "Content-Type", "application/json",
						"Accept", "text/event-stream"),
				PROMPT);
		assertThat(stream.statusCode()).isEqualTo(403);
		assertThat(stream.body()).contains("user_suspended");
		Response openAi = this.api.post("/v1/chat/completions", Tokens.user("alice"), "application/json", CHAT);
		assertThat(openAi.status()).isEqualTo(403);
		assertThat(openAi.json().path("error").path("code").asString()).isEqualTo("user_suspended");
		assertThat(OpenRouterStub.chatRequests()).as("no call reached OpenRouter").hasSize(chats);
		assertThat(OpenRouterStub.mintRequests()).hasSize(1);
	}

	@Test
	void suspendAndResumeAreIdempotentAndAuditedOnce() {
		analyse("alice");
		String hash = StoredKeys.of("alice").getString("key_hash");

		assertThat(this.api.postEmpty("/admin/users/alice/suspend", Tokens.admin()).status()).isEqualTo(200);
		Response again = this.api.postEmpty("/admin/users/alice/suspend", Tokens.admin());
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.json().path("suspended").asBoolean()).isTrue();

		Response resumed = this.api.postEmpty("/admin/users/alice/resume", Tokens.admin());
		assertThat(resumed.status()).isEqualTo(200);
		assertThat(resumed.json().path("suspended").asBoolean()).isFalse();
		assertThat(resumed.json().path("suspendedAt").isNull()).isTrue();
		assertThat(this.api.postEmpty("/admin/users/alice/resume", Tokens.admin()).status()).isEqualTo(200);

		assertThat(OpenRouterLedger.isDisabled(hash)).isFalse();
		Response analysis = analyse("alice");
		assertThat(analysis.status()).isEqualTo(200);
		assertThat(StoredKeys.of("alice").getString("key_hash")).as("the same key, enabled again").isEqualTo(hash);
		assertThat(OpenRouterStub.mintRequests()).hasSize(1);
		assertThat(events("alice")).containsExactly("resumed operator", "suspended operator", "provisioned first_use");
	}

	@Test
	void aSuspendedUserWithoutAKeyGetsNoneUntilResumedThenTheNextCallMintsOne() {
		assertThat(this.api.postEmpty("/admin/users/newbie/suspend?create=true", Tokens.admin()).json().path("key").isNull())
			.isTrue();

		assertThat(analyse("newbie").code()).isEqualTo("user_suspended");
		assertThat(OpenRouterStub.mintRequests()).isEmpty();

		this.api.postEmpty("/admin/users/newbie/resume", Tokens.admin());
		Response first = analyse("newbie");
		assertThat(first.status()).isEqualTo(200);
		assertThat(first.json().path("keyProvisioned").asBoolean()).isTrue();
		assertThat(OpenRouterStub.mintRequests()).hasSize(1);
	}

	@Test
	void aKeyDisabledAtOpenRouterByNobodyHereIsReplacedOnceAndTheReasonAudited() {
		analyse("alice");
		String hash = StoredKeys.of("alice").getString("key_hash");
		OpenRouterLedger.disable(hash);

		Response renewed = analyse("alice");

		assertThat(renewed.status()).isEqualTo(200);
		assertThat(renewed.json().path("keyRenewed").asBoolean()).isTrue();
		assertThat(OpenRouterStub.mintRequests()).hasSize(2);
		assertThat(OpenRouterStub.deletedHashes()).containsExactly(hash);
		assertThat(events("alice")).first().isEqualTo("renewed disabled");
	}

	@Test
	void aSuspensionByAnotherReplicaIsSeenThroughOpenRoutersRefusalWithoutAMint() {
		analyse("alice");
		String hash = StoredKeys.of("alice").getString("key_hash");
		MongoWireServer.database()
			.getCollection("user_policies")
			.updateOne(new Document("_id", "alice"),
					new Document("$set", new Document("suspended", true).append("suspended_at", new java.util.Date())),
					new com.mongodb.client.model.UpdateOptions().upsert(true));
		OpenRouterLedger.disable(hash);

		Response refused = analyse("alice");

		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.code()).isEqualTo("user_suspended");
		assertThat(OpenRouterStub.mintRequests()).hasSize(1);
		assertThat(OpenRouterStub.deletedHashes()).isEmpty();
	}

	private Response analyse(String user) {
		return this.api.analyse(Tokens.user(user), PROMPT);
	}


	/** A suspended user's force-provisioned key is minted disabled: it works only once they are resumed. */
	@Test
	void forceProvisioningASuspendedUserMintsADisabledKey() {
		analyse("alice");
		this.api.postEmpty("/admin/users/alice/suspend", Tokens.admin());

		Response forced = this.api.postEmpty("/admin/users/alice/openrouter-key", Tokens.admin());

		assertThat(forced.status()).isEqualTo(201);
		String fresh = StoredKeys.of("alice").getString("key_hash");
		assertThat(OpenRouterLedger.isDisabled(fresh)).as("the new key is disabled at OpenRouter").isTrue();
		assertThat(analyse("alice").code()).isEqualTo("user_suspended");
		this.api.postEmpty("/admin/users/alice/resume", Tokens.admin());
		assertThat(OpenRouterLedger.isDisabled(fresh)).isFalse();
		assertThat(analyse("alice").status()).isEqualTo(200);
	}

	private List<String> events(String user) {
		JsonNode page = this.api.get("/admin/users/" + user + "/openrouter-key/events", Tokens.admin()).json();
		List<String> events = new java.util.ArrayList<>();
		page.path("events").forEach((event) -> events.add(event.path("event").asString() + " "
				+ event.path("reason").asString()));
		return events;
	}

}
