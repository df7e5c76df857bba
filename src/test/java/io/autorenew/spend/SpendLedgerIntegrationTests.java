package io.autorenew.spend;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.autorenew.support.IntegrationTest;
import io.autorenew.support.MongoWireServer;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.Tokens;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every answered call of every API, plain or streamed, leaves one entry in the spend ledger:
 * OpenRouter's own {@code usage.cost} and token counts, the model, the key's last four
 * characters and the request's id; and the user's daily total grows by it.
 */
class SpendLedgerIntegrationTests extends IntegrationTest {

	private static final String CHAT = "{\"model\":\"openai/gpt-4o-mini\",\"stream\":%s,"
			+ "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

	private static final String RESPONSES = "{\"model\":\"openai/gpt-4o-mini\",\"stream\":%s,\"input\":\"hi\"}";

	private static final String MESSAGES = "{\"model\":\"openai/gpt-4o-mini\",\"stream\":%s,\"max_tokens\":100,"
			+ "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

	@Autowired
	private MeterRegistry registry;

	@ParameterizedTest(name = "{0}, streamed: {1}")
	@CsvSource({ "analysis, false, 12, 7, 2, 4, 0.0000125", "analysis, true, 12, 7, 2, 4, 0.0000125",
			"chat, false, 12, 7, 2, 4, 0.0000125", "chat, true, 12, 7, 2, 4, 0.0000125",
			"responses, false, 12, 7, 2, 4, 0.000013", "responses, true, 12, 7, 2, 4, 0.000013",
			"messages, false, 12, 7, 0, 4, 0.000014", "messages, true, 12, 7, 0, 0, 0.000014" })
	void eachAnsweredCallIsOneEntryWithOpenRoutersCost(String api, boolean streamed, long input, long output,
			long reasoning, long cached, double cost) {
		HttpResponse<String> answer = call(api, streamed, "alice");

		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		Document entry = awaitEntries(1).get(0);
		assertThat(entry.getString("user_id")).isEqualTo("alice");
		assertThat(entry.getString("api")).isEqualTo(api);
		assertThat(entry.getString("model")).isEqualTo("openai/gpt-4o-mini");
		assertThat(entry.getLong("input_tokens")).isEqualTo(input);
		assertThat(entry.getLong("output_tokens")).isEqualTo(output);
		assertThat(entry.getLong("reasoning_tokens")).isEqualTo(reasoning);
		assertThat(entry.getLong("cached_tokens")).isEqualTo(cached);
		assertThat(entry.getDouble("cost_usd")).isEqualTo(cost);
		assertThat(entry.getString("status")).isEqualTo("ok");
		assertThat(entry.getString("request_id")).isEqualTo(answer.headers().firstValue("X-Request-Id").orElseThrow());
		String label = this.api.get("/analysis/key", Tokens.user("alice")).json().path("keyLabel").asString();
		assertThat("****" + entry.getString("key_last4")).isEqualTo(label);
		assertThat(entry.keySet()).as("a compact entry: no model metadata").containsExactlyInAnyOrder("_id", "at",
				"user_id", "api", "model", "input_tokens", "output_tokens", "reasoning_tokens", "cached_tokens",
				"cost_usd", "key_last4", "status", "request_id");
	}

	@Test
	void aUsersDailyTotalAddsUpEveryCallOfTheDayExactly() {
		for (int i = 0; i < 3; i++) {
			assertThat(call("chat", false, "bob").statusCode()).isEqualTo(200);
		}
		assertThat(call("messages", true, "bob").statusCode()).isEqualTo(200);
		assertThat(call("chat", false, "carol").statusCode()).isEqualTo(200);

		awaitEntries(5);

		List<Document> bob = MongoWireServer.database()
			.getCollection(MongoSpendLedger.DAILY)
			.find(new Document("user_id", "bob"))
			.into(new ArrayList<>());
		assertThat(bob).hasSize(1);
		assertThat(bob.get(0).getLong("calls")).isEqualTo(4);
		assertThat(bob.get(0).getLong("input_tokens")).isEqualTo(48);
		assertThat(bob.get(0).getLong("cost_nano_usd")).as("3 × 12,500 + 14,000 billionths").isEqualTo(51_500);
		assertThat(bob.get(0).getString("model")).isEqualTo("openai/gpt-4o-mini");
		assertThat(this.registry.get("openrouter.spend.usd").tag("api", "chat").counter().count())
			.isGreaterThanOrEqualTo(4 * 0.0000125);
	}

	@Test
	void aCallThatFailsUpstreamLeavesNoEntry() {
		OpenRouterStub.stub(post(urlPathEqualTo(OpenRouterStub.BASE_PATH + "/chat/completions")).atPriority(1)
			.willReturn(OpenRouterStub.json(400, "{\"error\":{\"code\":400,\"message\":\"bad\"}}")));

		assertThat(call("chat", false, "dave").statusCode()).isNotEqualTo(200);

		assertThat(this.api.get("/analysis/key", Tokens.user("dave")).status()).isEqualTo(200);
		assertThat(MongoWireServer.database().getCollection(MongoSpendLedger.ENTRIES).countDocuments()).isZero();
	}

	private HttpResponse<String> call(String api, boolean streamed, String user) {
		Map<String, String> headers = Map.of("Authorization", "Bearer " + Tokens.user(user), "Content-Type",
				"application/json", "Accept", streamed ? "text/event-stream" : "application/json");
		return switch (api) {
			case "analysis" -> this.api.exchange("POST", "/analysis", headers, "{\"prompt\":\"hello\"}");
			case "chat" -> this.api.exchange("POST", "/v1/chat/completions", headers, CHAT.formatted(streamed));
			case "responses" -> this.api.exchange("POST", "/v1/responses", headers, RESPONSES.formatted(streamed));
			case "messages" -> this.api.exchange("POST", "/v1/messages", headers, MESSAGES.formatted(streamed));
			default -> throw new IllegalArgumentException(api);
		};
	}

	/** The entries, once the ledger's writer has stored {@code count} of them (bounded). */
	private static List<Document> awaitEntries(int count) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> MongoWireServer.database().getCollection(MongoSpendLedger.ENTRIES).countDocuments() >= count);
		return MongoWireServer.database()
			.getCollection(MongoSpendLedger.ENTRIES)
			.find()
			.into(new ArrayList<>());
	}

}
