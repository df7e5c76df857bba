package io.autorenew.admin;

import java.time.Duration;

import io.autorenew.renewal.KeyRenewer;
import io.autorenew.support.Api.Response;
import io.autorenew.support.IntegrationTest;
import io.autorenew.support.OpenRouterLedger;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.StoredKeys;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The operators' key endpoints, over real HTTP with WireMock as OpenRouter. */
class AdminKeyIntegrationTests extends IntegrationTest {

	private static final String PATH = "/admin/users/alice/openrouter-key";

	private static final String OLD_KEY = "sk-or-v1-1111111111111111111111111111111111111111111111111111111111aaaa";

	private static final String OLD_HASH = "b1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";

	@Autowired
	private KeyRenewer renewer;

	@Test
	void forceProvisionMintsStoresAndDeletesTheOldKey() {
		StoredKeys.seed("alice", OLD_KEY, OLD_HASH);

		Response response = this.api.postEmpty(PATH, Tokens.admin());

		assertThat(response.status()).isEqualTo(201);
		OpenRouterStub.Minted minted = OpenRouterStub.minted().get(0);
		assertThat(OpenRouterStub.minted()).hasSize(1);
		assertThat(response.json().path("userId").asString()).isEqualTo("alice");
		assertThat(response.json().path("provider").asString()).isEqualTo("openrouter");
		assertThat(response.json().path("keyHash").asString()).isEqualTo(minted.hash());
		assertThat(response.json().path("keyLabel").asString())
			.isEqualTo("****" + minted.key().substring(minted.key().length() - 4));
		assertThat(response.json().path("renewalCount").asInt()).isEqualTo(1);
		assertThat(response.json().path("autoRenewed").asBoolean()).isFalse();
		assertThat(response.json().path("lastRenewalAt").isString()).isTrue();
		assertThat(response.body()).doesNotContain(minted.key()).doesNotContain(OLD_KEY);
		assertThat(OpenRouterStub.deletedHashes()).containsExactly(OLD_HASH);
		assertThat(StoredKeys.of("alice").getString("key_hash")).isEqualTo(minted.hash());
		assertThat(OpenRouterStub.chatRequests()).isEmpty();
		Response status = this.api.get(PATH, Tokens.admin());
		assertThat(status.json().path("lastRenewalAt")).isEqualTo(response.json().path("lastRenewalAt"));
		assertThat(status.json().path("createdAt")).isEqualTo(response.json().path("createdAt"));
	}

	@Test
	void forceProvisionForANewUserWithCreateMintsAFirstKey() {
		Response response = this.api.postEmpty("/admin/users/bob/openrouter-key?create=true", Tokens.admin());

		assertThat(response.status()).isEqualTo(201);
		assertThat(response.json().path("renewalCount").asInt()).isZero();
		assertThat(OpenRouterStub.deletedHashes()).isEmpty();
		assertThat(StoredKeys.of("bob")).isNotNull();
	}

	/** A typo in the user id mints nothing. */
	@Test
	void forceProvisionForAUserNeverSeenIsNotFoundWithoutCreate() {
		Response plain = this.api.postEmpty("/admin/users/bbo/openrouter-key", Tokens.admin());
		Response refused = this.api.postEmpty("/admin/users/bbo/openrouter-key?create=false", Tokens.admin());

		assertThat(plain.status()).isEqualTo(404);
		assertThat(plain.code()).isEqualTo("user_not_found");
		assertThat(plain.json().path("detail").asString()).contains("?create=true");
		assertThat(refused.code()).isEqualTo("user_not_found");
		assertThat(OpenRouterStub.mintRequests()).isEmpty();
		assertThat(StoredKeys.all()).isEmpty();
		assertThat(this.api.get("/admin/users/bbo/openrouter-key/events", Tokens.admin()).code())
			.as("nothing was recorded for the typo").isEqualTo("user_not_found");
	}

	@Test
	void forceProvisionForAUserWithAKeyNeedsNoCreate() {
		StoredKeys.seed("alice", OLD_KEY, OLD_HASH);

		assertThat(this.api.postEmpty(PATH, Tokens.admin()).status()).isEqualTo(201);
	}

	/** A user whose key was deleted has a history: the service has seen them. */
	@Test
	void forceProvisionForAUserWhoseKeyWasDeletedNeedsNoCreate() {
		this.api.analyse(Tokens.user("bob"), "{\"prompt\":\"hello\"}");
		this.api.delete("/admin/users/bob/openrouter-key", Tokens.admin());

		Response response = this.api.postEmpty("/admin/users/bob/openrouter-key", Tokens.admin());

		assertThat(response.status()).isEqualTo(201);
		assertThat(OpenRouterStub.mintRequests()).hasSize(2);
	}

	@Test
	void createThatIsNotABooleanIsRefused() {
		Response response = this.api.postEmpty("/admin/users/bob/openrouter-key?create=maybe", Tokens.admin());

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.code()).isEqualTo("invalid_request");
		assertThat(OpenRouterStub.mintRequests()).isEmpty();
	}

	@Test
	void statusShowsTheKeyMasked() {
		StoredKeys.seed("alice", OLD_KEY, OLD_HASH);

		Response response = this.api.get(PATH, Tokens.admin());

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().path("keyLabel").asString()).isEqualTo("****aaaa");
		assertThat(response.json().path("keyHash").asString()).isEqualTo(OLD_HASH);
		assertThat(response.json().path("createdAt").asString()).isEqualTo("2026-10-01T00:00:00Z");
		assertThat(response.body()).doesNotContain(OLD_KEY);
	}

	@Test
	void statusOfAKeyOpenRouterRefusesRenewsNothing() {
		assertThat(this.api.analyse(Tokens.user("alice"), "{\"prompt\":\"hello\"}").status()).isEqualTo(200);
		OpenRouterLedger.expire(OpenRouterLedger.live().get(0).key());

		Response response = this.api.get(PATH, Tokens.admin());

		assertThat(response.status()).isEqualTo(200);
		assertThat(this.renewer.awaitRenewals(Duration.ofSeconds(5))).isTrue();
		assertThat(OpenRouterStub.mintRequests()).as("a read's 401 is not a call's: the key is renewed on the next call")
			.hasSize(1);
	}

	@Test
	void statusOfAUserWithoutAKeyIsNotFound() {
		Response response = this.api.get(PATH, Tokens.admin());

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.code()).isEqualTo("key_not_found");
	}

	@Test
	void deleteRemovesTheKeyAtOpenRouterAndInTheStore() {
		StoredKeys.seed("alice", OLD_KEY, OLD_HASH);

		Response response = this.api.delete(PATH, Tokens.admin());

		assertThat(response.status()).isEqualTo(204);
		assertThat(OpenRouterStub.deletedHashes()).containsExactly(OLD_HASH);
		assertThat(StoredKeys.of("alice")).isNull();
		assertThat(this.api.get(PATH, Tokens.admin()).code()).isEqualTo("key_not_found");
	}

	@Test
	void deleteOfAKeyOpenRouterNoLongerKnowsStillRemovesIt() {
		StoredKeys.seed("alice", OLD_KEY, OLD_HASH);
		OpenRouterStub.stub(com.github.tomakehurst.wiremock.client.WireMock
			.delete(com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/api/v1/keys/" + OLD_HASH))
			.atPriority(1)
			.willReturn(OpenRouterStub.error(404, "Not Found")));

		assertThat(this.api.delete(PATH, Tokens.admin()).status()).isEqualTo(204);
		assertThat(StoredKeys.of("alice")).isNull();
	}

	@Test
	void deleteKeepsTheStoredKeyWhenOpenRouterFails() {
		StoredKeys.seed("alice", OLD_KEY, OLD_HASH);
		OpenRouterStub.stub(com.github.tomakehurst.wiremock.client.WireMock
			.delete(com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/api/v1/keys/" + OLD_HASH))
			.atPriority(1)
			.willReturn(OpenRouterStub.error(500, "Internal Server Error")));

		Response response = this.api.delete(PATH, Tokens.admin());

		assertThat(response.status()).isEqualTo(503);
		assertThat(response.code()).isEqualTo("provisioning_unavailable");
		assertThat(response.retryAfter()).isNotBlank();
		assertThat(StoredKeys.of("alice").getString("key_hash")).isEqualTo(OLD_HASH);
	}

	@Test
	void deleteOfAUserWithoutAKeyIsNotFound() {
		Response response = this.api.delete(PATH, Tokens.admin());

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.code()).isEqualTo("key_not_found");
		assertThat(OpenRouterStub.totalRequests()).isZero();
	}

	@Test
	void userTokenIsForbiddenOnEveryAdminPath() {
		StoredKeys.seed("alice", OLD_KEY, OLD_HASH);
		String user = Tokens.user("alice");

		assertThat(this.api.get(PATH, user).code()).isEqualTo("forbidden");
		assertThat(this.api.postEmpty(PATH, user).code()).isEqualTo("forbidden");
		assertThat(this.api.delete(PATH, user).code()).isEqualTo("forbidden");
		assertThat(this.api.get(PATH, user).status()).isEqualTo(403);
		assertThat(OpenRouterStub.totalRequests()).isZero();
		assertThat(StoredKeys.of("alice").getString("key_hash")).isEqualTo(OLD_HASH);
	}

	@Test
	void invalidUserIdIsABadRequest() {
		Response response = this.api.postEmpty("/admin/users/" + "x".repeat(200) + "/openrouter-key", Tokens.admin());

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.code()).isEqualTo("invalid_request");
		assertThat(OpenRouterStub.totalRequests()).isZero();
	}

}
