package io.autorenew.analysis;

import java.time.Duration;
import java.util.List;

import io.autorenew.support.Api.Response;
import io.autorenew.support.IntegrationTest;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.OpenRouterStub.Minted;
import io.autorenew.support.StoredKeys;
import io.autorenew.support.Tokens;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /analysis} end to end: real HTTP in, WireMock as OpenRouter, keys in the
 * Mongo-wire store.
 */
class AnalysisIntegrationTests extends IntegrationTest {

	private static final String PROMPT = "{\"prompt\":\"Summarise the quarterly report.\"}";

	private static final String OLD_KEY = "sk-or-v1-0000000000000000000000000000000000000000000000000000000000old1";

	private static final String OLD_HASH = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";

	@Test
	void firstUseMintsOnceAndStoresTheSeedFields() {
		Response response = this.api.analyse(Tokens.user("alice"), PROMPT);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().path("analysis").asString()).isEqualTo("The text is short and clear.");
		assertThat(response.json().path("id").asString()).isEqualTo("gen-1764000000-abc");
		assertThat(response.json().path("model").asString()).isEqualTo("openai/gpt-4o-mini");
		assertThat(response.json().path("usage").path("promptTokens").asLong()).isEqualTo(12);
		assertThat(response.json().path("usage").path("completionTokens").asLong()).isEqualTo(7);
		assertThat(response.json().path("usage").path("totalTokens").asLong()).isEqualTo(19);
		assertThat(response.json().path("keyProvisioned").asBoolean()).isTrue();
		assertThat(response.json().path("keyRenewed").asBoolean()).isFalse();

		List<Minted> minted = OpenRouterStub.minted();
		assertThat(minted).hasSize(1);
		assertThat(OpenRouterStub.mintRequests().get(0).getHeader("Authorization"))
			.isEqualTo("Bearer " + OpenRouterStub.MANAGEMENT_KEY);
		assertThat(OpenRouterStub.mintRequests().get(0).getBodyAsString())
			.matches("\\{\"name\":\"analysis-service:alice:[0-9a-f-]{36}\",\"limit\":5,\"limit_reset\":\"monthly\","
					+ "\"expires_at\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\"}");
		assertThat(OpenRouterStub.chatBearers()).containsExactly(minted.get(0).key());

		Document stored = StoredKeys.of("alice");
		assertThat(stored.getString("user_id")).isEqualTo("alice");
		assertThat(stored.getString("provider")).isEqualTo("openrouter");
		assertThat(stored.getString("key_hash")).isEqualTo(minted.get(0).hash());
		assertThat(stored.getString("key_label")).isEqualTo("****" + last4(minted.get(0).key()));
		assertThat(stored.getBoolean("auto_renewed")).isFalse();
		assertThat(stored.get("last_renewal_at")).isNull();
		assertThat(stored.getInteger("renewal_count")).isZero();
		assertThat(stored.getDate("created_at")).isNotNull();
		assertThat(stored).containsKey("expires_at").containsKey("last_renewal_at").doesNotContainKey("_class");
	}

	@Test
	void chatRequestCarriesModelMessagesAndAttributionHeaders() {
		this.api.analyse(Tokens.user("alice"),
				"{\"prompt\":\"Summarise the quarterly report.\",\"model\":\"anthropic/claude-haiku-4.5\"}");

		var chat = OpenRouterStub.chatRequests().get(0);
		assertThat(chat.getBodyAsString()).isEqualTo(
				"{\"model\":\"anthropic/claude-haiku-4.5\",\"messages\":[{\"role\":\"user\",\"content\":\"Summarise the quarterly report.\"}],\"max_tokens\":32000}");
		assertThat(chat.getHeader("HTTP-Referer")).isNotBlank();
		assertThat(chat.getHeader("X-Title")).isEqualTo("analysis-service");
		assertThat(chat.getHeader("Content-Type")).startsWith("application/json");
	}

	@Test
	void secondCallReusesTheStoredKey() {
		this.api.analyse(Tokens.user("alice"), PROMPT);
		Response second = this.api.analyse(Tokens.user("alice"), PROMPT);

		assertThat(second.status()).isEqualTo(200);
		assertThat(second.json().path("keyProvisioned").asBoolean()).isFalse();
		assertThat(second.json().path("keyRenewed").asBoolean()).isFalse();
		assertThat(OpenRouterStub.mintRequests()).hasSize(1);
		assertThat(OpenRouterStub.chatBearers()).hasSize(2).containsOnly(OpenRouterStub.minted().get(0).key());
	}

	@Test
	void usersGetKeysOfTheirOwn() {
		this.api.analyse(Tokens.user("alice"), PROMPT);
		this.api.analyse(Tokens.user("bob"), PROMPT);

		assertThat(OpenRouterStub.minted()).hasSize(2);
		assertThat(StoredKeys.of("alice").getString("key_hash"))
			.isNotEqualTo(StoredKeys.of("bob").getString("key_hash"));
		assertThat(OpenRouterStub.chatBearers()).doesNotHaveDuplicates();
	}

	@Test
	void retriesOnceWithRenewedKeyAfter401() {
		StoredKeys.seed("alice", OLD_KEY, OLD_HASH);
		OpenRouterStub.chatRejects(OLD_KEY, 401, "User not found.");

		Response response = this.api.analyse(Tokens.user("alice"), PROMPT);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().path("keyRenewed").asBoolean()).isTrue();
		assertThat(response.json().path("keyProvisioned").asBoolean()).isFalse();
		List<Minted> minted = OpenRouterStub.minted();
		assertThat(minted).hasSize(1);
		assertThat(OpenRouterStub.chatBearers()).containsExactly(OLD_KEY, minted.get(0).key());
		// the renewal's leader deletes the old key once the new one is saved, beside the retried call
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !OpenRouterStub.deletedHashes().isEmpty());
		assertThat(OpenRouterStub.deletedHashes()).containsExactly(OLD_HASH);

		Document stored = StoredKeys.of("alice");
		assertThat(stored.getString("key_hash")).isEqualTo(minted.get(0).hash());
		assertThat(stored.getBoolean("auto_renewed")).isTrue();
		assertThat(stored.getDate("last_renewal_at")).isNotNull();
		assertThat(stored.getInteger("renewal_count")).isEqualTo(1);
	}

	@Test
	void deletesTheSupersededKeyOnlyAfterTheNewOneIsSaved() {
		StoredKeys.seed("alice", OLD_KEY, OLD_HASH);
		OpenRouterStub.chatRejects(OLD_KEY, 401, "User not found.");

		this.api.analyse(Tokens.user("alice"), PROMPT);

		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !OpenRouterStub.deletedHashes().isEmpty());
		List<String> order = OpenRouterStub.events()
			.stream()
			.map((event) -> event.getRequest().getMethod().getName() + " " + event.getRequest().getUrl())
			.toList();
		assertThat(order.subList(0, 3)).as("the old key's spend is read, then a key minted")
			.containsExactly("POST /api/v1/chat/completions", "GET /api/v1/keys/" + OLD_HASH, "POST /api/v1/keys");
		assertThat(order.subList(3, order.size()))
			.as("then, once it is saved, the call retried and the old key deleted, side by side")
			.containsExactlyInAnyOrder("DELETE /api/v1/keys/" + OLD_HASH, "POST /api/v1/chat/completions");
	}

	@Test
	void doesNotRetryASecond401() {
		StoredKeys.seed("alice", OLD_KEY, OLD_HASH);
		OpenRouterStub.chatFailsFor(401, "User not found.");

		Response response = this.api.analyse(Tokens.user("alice"), PROMPT);

		assertThat(response.status()).isEqualTo(502);
		assertThat(response.code()).isEqualTo("upstream_error");
		assertThat(OpenRouterStub.mintRequests()).hasSize(1);
		assertThat(OpenRouterStub.chatRequests()).hasSize(2);
		assertThat(StoredKeys.of("alice").getString("key_hash")).isEqualTo(OpenRouterStub.minted().get(0).hash());
	}

	@Test
	void paymentRequiredNeverMints() {
		StoredKeys.seed("alice", OLD_KEY, OLD_HASH);
		OpenRouterStub.chatFailsFor(402, "Insufficient credits. Add more using https://openrouter.ai/credits");

		Response response = this.api.analyse(Tokens.user("alice"), PROMPT);

		assertThat(response.status()).isEqualTo(402);
		assertThat(response.code()).isEqualTo("credits_exhausted");
		assertThat(OpenRouterStub.mintRequests()).isEmpty();
		assertThat(StoredKeys.of("alice").getString("key_hash")).isEqualTo(OLD_HASH);
	}

	@Test
	void keyLimitExceededIsBudgetExhaustedAndNeverMints() {
		StoredKeys.seed("alice", OLD_KEY, OLD_HASH);
		OpenRouterStub.chatFailsFor(403, "Key limit exceeded");

		Response response = this.api.analyse(Tokens.user("alice"), PROMPT);

		assertThat(response.status()).isEqualTo(402);
		assertThat(response.code()).isEqualTo("budget_exhausted");
		assertThat(OpenRouterStub.mintRequests()).isEmpty();
	}

	@Test
	void moderationBlockIsContentBlockedAndNeverMints() {
		StoredKeys.seed("alice", OLD_KEY, OLD_HASH);
		OpenRouterStub.chatFailsFor(403, "Request blocked: prompt injection patterns detected");

		Response response = this.api.analyse(Tokens.user("alice"), PROMPT);

		assertThat(response.status()).isEqualTo(422);
		assertThat(response.code()).isEqualTo("content_blocked");
		assertThat(OpenRouterStub.chatRequests()).hasSize(1);
		assertThat(OpenRouterStub.mintRequests()).isEmpty();
	}

	/** OpenRouter's shortest wait (1 s) keeps the two real waits between the three attempts short. */
	@Test
	void upstreamRateLimitIsPassedOnWithRetryAfter() {
		StoredKeys.seed("alice", OLD_KEY, OLD_HASH);
		OpenRouterStub.stub(post(urlPathEqualTo("/api/v1/chat/completions")).atPriority(1)
			.willReturn(aResponse().withStatus(429)
				.withHeader("Retry-After", "1")
				.withHeader("Content-Type", "application/json")
				.withBody("{\"error\":{\"code\":429,\"message\":\"Rate limit exceeded\"}}")));

		Response response = this.api.analyse(Tokens.user("alice"), PROMPT);

		assertThat(response.status()).isEqualTo(429);
		assertThat(response.code()).isEqualTo("upstream_rate_limited");
		assertThat(response.retryAfter()).isEqualTo("1");
		assertThat(OpenRouterStub.chatRequests()).hasSize(3);
		assertThat(OpenRouterStub.mintRequests()).isEmpty();
	}

	@Test
	void upstreamServerErrorIsBadGatewayAndNeverMints() {
		StoredKeys.seed("alice", OLD_KEY, OLD_HASH);
		OpenRouterStub.chatFailsFor(503, "Service Unavailable");

		Response response = this.api.analyse(Tokens.user("alice"), PROMPT);

		assertThat(response.status()).isEqualTo(502);
		assertThat(response.code()).isEqualTo("upstream_error");
		assertThat(OpenRouterStub.mintRequests()).isEmpty();
	}

	@Test
	void answerWithoutAMessageIsAnUpstreamError() {
		StoredKeys.seed("alice", OLD_KEY, OLD_HASH);
		OpenRouterStub.stub(post(urlPathEqualTo("/api/v1/chat/completions")).atPriority(1)
			.willReturn(OpenRouterStub.json(200, "{\"id\":\"gen-1\",\"choices\":[]}")));

		Response response = this.api.analyse(Tokens.user("alice"), PROMPT);

		assertThat(response.status()).isEqualTo(502);
		assertThat(response.code()).isEqualTo("upstream_error");
	}

	@Test
	void provisioningFailureIsServiceUnavailableWithRetryAfter() {
		OpenRouterStub.mintFails(500);

		Response response = this.api.analyse(Tokens.user("alice"), PROMPT);

		assertThat(response.status()).isEqualTo(503);
		assertThat(response.code()).isEqualTo("provisioning_unavailable");
		assertThat(response.retryAfter()).isEqualTo("30");
		assertThat(OpenRouterStub.chatRequests()).isEmpty();
		assertThat(StoredKeys.of("alice")).isNull();
	}

	@Test
	void keyStatusShowsTheCallersOwnKeyMasked() {
		assertThat(this.api.get("/analysis/key", Tokens.user("alice")).code()).isEqualTo("key_not_found");
		this.api.analyse(Tokens.user("alice"), PROMPT);
		Minted minted = OpenRouterStub.minted().get(0);

		Response status = this.api.get("/analysis/key", Tokens.user("alice"));

		assertThat(status.status()).isEqualTo(200);
		assertThat(status.json().path("userId").asString()).isEqualTo("alice");
		assertThat(status.json().path("provider").asString()).isEqualTo("openrouter");
		assertThat(status.json().path("keyLabel").asString()).isEqualTo("****" + last4(minted.key()));
		assertThat(status.json().path("keyHash").asString()).isEqualTo(minted.hash());
		assertThat(status.json().path("renewalCount").asInt()).isZero();
		assertThat(status.json().has("createdAt")).isTrue();
		assertThat(status.json().has("expiresAt")).isTrue();
		assertThat(status.json().has("autoRenewed")).isTrue();
		assertThat(status.json().has("lastRenewalAt")).isTrue();
		assertThat(status.body()).doesNotContain(minted.key());
		assertThat(this.api.get("/analysis/key", Tokens.user("bob")).status()).isEqualTo(404);
	}

	static String last4(String key) {
		return key.substring(key.length() - 4);
	}

}
