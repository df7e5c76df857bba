package io.autorenew.analysis;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import io.autorenew.support.Api.Response;
import io.autorenew.support.IntegrationTest;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.StoredKeys;
import io.autorenew.support.Tokens;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One user can never use or see another user's key: the user is the token's subject, and
 * nothing a caller writes in a body, header or query changes that. Only the admin scope reads
 * other users.
 */
class CrossUserIntegrationTests extends IntegrationTest {

	private static final String PROMPT = "{\"prompt\":\"hello\"}";

	private static final String ALICE_KEY = "sk-or-v1-a11ce00000000000000000000000000000000000000000000000000000000a1a1";

	private static final String ALICE_HASH = "a11ce0000000000000000000000000000000000000000000000000000000a1a1";

	private static final String BOB_KEY = "sk-or-v1-b0b0000000000000000000000000000000000000000000000000000000000b0b0";

	private static final String BOB_HASH = "b0b000000000000000000000000000000000000000000000000000000000b0b0";

	@Test
	void eachUserAnalysesWithTheirOwnMintedKey() {
		for (String user : List.of("alice", "bob", "alice", "bob")) {
			assertThat(this.api.analyse(Tokens.user(user), PROMPT).status()).isEqualTo(200);
		}

		List<OpenRouterStub.Minted> minted = OpenRouterStub.minted();
		assertThat(minted).hasSize(2);
		assertThat(OpenRouterStub.chatBearers()).containsExactly(minted.get(0).key(), minted.get(1).key(),
				minted.get(0).key(), minted.get(1).key());
		assertThat(StoredKeys.of("alice").getString("key_hash")).isEqualTo(minted.get(0).hash());
		assertThat(StoredKeys.of("bob").getString("key_hash")).isEqualTo(minted.get(1).hash());
	}

	@Test
	void eachUserAnalysesWithTheirOwnStoredKey() {
		seedBoth();

		assertThat(this.api.analyse(Tokens.user("bob"), PROMPT).status()).isEqualTo(200);
		assertThat(this.api.analyse(Tokens.user("alice"), PROMPT).status()).isEqualTo(200);

		assertThat(OpenRouterStub.chatBearers()).containsExactly(BOB_KEY, ALICE_KEY);
		assertThat(OpenRouterStub.mintRequests()).isEmpty();
	}

	@Test
	void keyStatusShowsOnlyTheCallersKey() {
		seedBoth();

		Response alice = this.api.get("/analysis/key", Tokens.user("alice"));
		Response bob = this.api.get("/analysis/key", Tokens.user("bob"));

		assertThat(alice.json().path("userId").asString()).isEqualTo("alice");
		assertThat(alice.json().path("keyHash").asString()).isEqualTo(ALICE_HASH);
		assertThat(alice.body()).doesNotContain(BOB_HASH).doesNotContain("b0b0").doesNotContain(ALICE_KEY);
		assertThat(bob.json().path("keyHash").asString()).isEqualTo(BOB_HASH);
		assertThat(bob.body()).doesNotContain(ALICE_HASH).doesNotContain("a1a1");
	}

	@Test
	void userWithoutAKeySeesNoOtherUsersKey() {
		seedBoth();

		Response carol = this.api.get("/analysis/key", Tokens.user("carol"));

		assertThat(carol.status()).isEqualTo(404);
		assertThat(carol.code()).isEqualTo("key_not_found");
		assertThat(carol.body()).doesNotContain(ALICE_HASH).doesNotContain(BOB_HASH);
	}

	@Test
	void bodyNamingAnotherUserIsRefused() {
		seedBoth();
		for (String field : List.of("userId", "user", "sub", "user_id")) {
			Response response = this.api.analyse(Tokens.user("alice"), "{\"prompt\":\"hello\",\"" + field + "\":\"bob\"}");

			assertThat(response.status()).as(field).isEqualTo(400);
			assertThat(response.code()).as(field).isEqualTo("invalid_request");
		}
		assertThat(OpenRouterStub.totalRequests()).isZero();
		assertBothKeysIntact();
	}

	@Test
	void headersAndQueryNamingAnotherUserAreIgnored() {
		seedBoth();
		Map<String, String> headers = Map.of("Authorization", "Bearer " + Tokens.user("alice"), "Content-Type",
				"application/json", "X-User-Id", "bob", "X-Forwarded-User", "bob", "X-Remote-User", "bob");

		HttpResponse<String> analysis = this.api.exchange("POST", "/analysis?userId=bob&user=bob&sub=bob", headers,
				PROMPT);
		HttpResponse<String> status = this.api.exchange("GET", "/analysis/key?userId=bob", headers, null);

		assertThat(analysis.statusCode()).as(analysis.body()).isEqualTo(200);
		assertThat(OpenRouterStub.chatBearers()).containsExactly(ALICE_KEY);
		assertThat(status.body()).contains(ALICE_HASH).doesNotContain(BOB_HASH);
		assertBothKeysIntact();
	}

	@Test
	void userIdsDifferingOnlyInCaseAreDifferentUsers() {
		seedBoth();

		assertThat(this.api.analyse(Tokens.user("ALICE"), PROMPT).status()).isEqualTo(200);

		assertThat(OpenRouterStub.chatBearers()).doesNotContain(ALICE_KEY).hasSize(1);
		assertThat(OpenRouterStub.minted()).hasSize(1);
		assertThat(StoredKeys.of("ALICE").getString("key_hash")).isEqualTo(OpenRouterStub.minted().get(0).hash());
		assertBothKeysIntact();
	}

	@Test
	void keyCopiedIntoAnotherUsersRecordIsNeverSentForThem() {
		copyAlicesRecordTo("mallory");

		Response response = this.api.analyse(Tokens.user("mallory"), PROMPT);

		assertThat(response.status()).as(response.body()).isLessThan(500);
		assertThat(OpenRouterStub.chatBearers()).doesNotContain(ALICE_KEY);
		assertThat(StoredKeys.of("alice").getString("key_hash")).isEqualTo(ALICE_HASH);
	}

	/**
	 * Replacing the unreadable copy must not delete its hash at OpenRouter: that is Alice's live
	 * key.
	 */
	@Test
	void keyCopiedIntoAnotherUsersRecordIsNotRevokedForItsOwner() {
		copyAlicesRecordTo("mallory");

		this.api.analyse(Tokens.user("mallory"), PROMPT);

		assertThat(OpenRouterStub.deletedHashes()).as("keys deleted at OpenRouter").doesNotContain(ALICE_HASH);
	}

	@Test
	void userTokensAreForbiddenOnEveryAdminMethod() {
		seedBoth();
		String alice = Tokens.user("alice");
		for (String user : List.of("bob", "alice")) {
			String path = "/admin/users/" + user + "/openrouter-key";
			assertForbidden(this.api.get(path, alice));
			assertForbidden(this.api.postEmpty(path, alice));
			assertForbidden(this.api.delete(path, alice));
			assertForbidden(this.api.get(path + "/events", alice));
		}
		assertThat(OpenRouterStub.totalRequests()).isZero();
		assertBothKeysIntact();
	}

	@Test
	void adminReadsAnyUser() {
		seedBoth();

		Response alice = this.api.get("/admin/users/alice/openrouter-key", Tokens.admin());
		Response bob = this.api.get("/admin/users/bob/openrouter-key", Tokens.admin());
		Response events = this.api.get("/admin/users/bob/openrouter-key/events", Tokens.admin());

		assertThat(alice.json().path("keyHash").asString()).isEqualTo(ALICE_HASH);
		assertThat(bob.json().path("keyHash").asString()).isEqualTo(BOB_HASH);
		assertThat(events.status()).isEqualTo(200);
		assertThat(alice.body() + bob.body()).doesNotContain(ALICE_KEY).doesNotContain(BOB_KEY);
	}

	/** Alice's stored record, ciphertext and hash included, under another user id. */
	private static void copyAlicesRecordTo(String userId) {
		StoredKeys.seed("alice", ALICE_KEY, ALICE_HASH);
		Document copy = new Document(StoredKeys.of("alice"));
		copy.remove("_id");
		StoredKeys.collection().insertOne(copy.append("user_id", userId));
	}

	private static void seedBoth() {
		StoredKeys.seed("alice", ALICE_KEY, ALICE_HASH);
		StoredKeys.seed("bob", BOB_KEY, BOB_HASH);
	}

	private static void assertBothKeysIntact() {
		assertThat(StoredKeys.of("alice").getString("key_hash")).isEqualTo(ALICE_HASH);
		assertThat(StoredKeys.of("bob").getString("key_hash")).isEqualTo(BOB_HASH);
		assertThat(OpenRouterStub.deletedHashes()).isEmpty();
	}

	private static void assertForbidden(Response response) {
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.code()).isEqualTo("forbidden");
	}

}
