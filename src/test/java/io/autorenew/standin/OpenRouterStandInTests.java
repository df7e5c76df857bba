package io.autorenew.standin;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.autorenew.support.MutableClock;
import io.autorenew.support.SpecCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenRouterStandInTests {

	private static final String MANAGEMENT_KEY = "sk-or-v1-management-key-for-tests-0123456789";

	private static final Instant START = Instant.parse("2025-01-15T10:00:00Z");

	/** Required by the 201 schema of {@code POST /keys} and the items of {@code GET /keys}. */
	private static final List<String> KEY_FIELDS = List.of("hash", "name", "label", "disabled", "limit",
			"limit_remaining", "limit_reset", "include_byok_in_limit", "usage", "usage_daily", "usage_weekly",
			"usage_monthly", "byok_usage", "byok_usage_daily", "byok_usage_weekly", "byok_usage_monthly", "created_at",
			"updated_at", "creator_user_id", "workspace_id");

	/** Required by the 200 schema of {@code GET /key}. */
	private static final List<String> CURRENT_KEY_FIELDS = List.of("label", "limit", "usage", "usage_daily",
			"usage_weekly", "usage_monthly", "byok_usage", "byok_usage_daily", "byok_usage_weekly",
			"byok_usage_monthly", "is_free_tier", "is_management_key", "is_provisioning_key", "limit_remaining",
			"limit_reset", "include_byok_in_limit", "creator_user_id", "rate_limit");

	private final HttpClient http = HttpClient.newHttpClient();

	private final ObjectMapper json = new ObjectMapper();

	private final MutableClock clock = new MutableClock(START);

	private OpenRouterStandIn simulator = OpenRouterStandIn.start(MANAGEMENT_KEY, 0, Duration.ZERO, this.clock);

	/** Every key-management exchange of a test, held against OpenRouter's OpenAPI spec. */
	private final List<String> specViolations = new java.util.ArrayList<>();

	@AfterEach
	void keyManagementMatchesTheSpec() {
		assertThat(this.specViolations).as("key-management exchanges that disagree with openapi.yaml").isEmpty();
	}

	@AfterEach
	void close() {
		this.simulator.close();
	}

	@Test
	void baseUrlIsLoopbackApiV1() {
		assertThat(this.simulator.baseUrl().toString()).matches("http://127\\.0\\.0\\.1:\\d+/api/v1");
	}

	@Test
	void mintRequiresManagementKey() throws Exception {
		Reply missing = send("POST", "/keys", null, "{\"name\":\"alice\"}");
		assertThat(missing.status()).isEqualTo(401);
		assertThat(missing.body().at("/error/code").asInt()).isEqualTo(401);
		assertThat(missing.body().at("/error/message").asString()).isEqualTo("Missing Authentication header");
		assertThat(send("POST", "/keys", "sk-or-v1-wrong", "{\"name\":\"alice\"}").status()).isEqualTo(401);
		assertThat(list().size()).isZero();
	}

	@Test
	void mintRefusesRuntimeKeysAsForbidden() throws Exception {
		String key = mint("alice").path("key").asString();
		Reply reply = send("POST", "/keys", key, "{\"name\":\"mallory\"}");
		assertThat(reply.status()).isEqualTo(403);
		assertThat(reply.body().at("/error/message").asString())
			.isEqualTo("Only management keys can perform this operation");
	}

	@Test
	void aDisabledKeyIsRefusedWith403UntilEnabledAgain() throws Exception {
		JsonNode minted = mint("alice");
		String key = minted.path("key").asString();
		String hash = minted.at("/data/hash").asString();

		Reply disabled = send("PATCH", "/keys/" + hash, MANAGEMENT_KEY, "{\"disabled\":true}");
		assertThat(disabled.status()).isEqualTo(200);
		assertThat(disabled.body().at("/data/disabled").asBoolean()).isTrue();
		Reply refused = send("POST", "/chat/completions", key, "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.body().at("/error/message").asString()).isEqualTo("Key is disabled");

		send("PATCH", "/keys/" + hash, MANAGEMENT_KEY, "{\"disabled\":false}");
		assertThat(send("POST", "/chat/completions", key, "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
			.status()).isEqualTo(200);
		assertThat(send("PATCH", "/keys/" + hash, key, "{\"disabled\":true}").status()).isEqualTo(403);
	}

	@Test
	void eachCallCostsAQuarterDollarAndTheKeysLimitStopsIt() throws Exception {
		Minted minted = mintWithLimit("alice", 0.5);
		String key = minted.key();
		String hash = minted.hash();

		assertThat(chat(key, "One.").status()).isEqualTo(200);
		assertThat(chat(key, "Two.").status()).isEqualTo(200);
		Reply third = chat(key, "Three.");

		assertThat(third.status()).isEqualTo(402);
		assertThat(third.body().at("/error/message").asString()).isEqualTo("Key limit exceeded");
		JsonNode described = send("GET", "/keys/" + hash, MANAGEMENT_KEY, null).body().path("data");
		assertThat(described.path("usage_monthly").asDouble()).isEqualTo(0.5);
		assertThat(described.path("limit_remaining").asDouble()).isEqualTo(0.0);
	}

	@Test
	void aKeyExpiredByHandIsRefusedButStaysListedAndTheOthersWork() throws Exception {
		JsonNode gone = mint("gone");
		JsonNode kept = mint("kept");
		String hash = gone.at("/data/hash").asString();
		assertThat(chat(gone.path("key").asString(), "Hi.").status()).isEqualTo(200);

		this.simulator.expire(hash);

		Reply refused = chat(gone.path("key").asString(), "Hi.");
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.body().at("/error/message").asString()).isEqualTo("User not found.");
		assertThat(send("GET", "/key", gone.path("key").asString(), null).status()).isEqualTo(401);
		assertThat(list().findValuesAsString("hash")).contains(hash);
		assertThat(chat(kept.path("key").asString(), "Hi.").status()).isEqualTo(200);
	}

	@Test
	void aUsageSetByHandIsWhatTheKeyReportsAndItsNextCallsAddToIt() throws Exception {
		Minted spender = mintWithLimit("spender", 5);
		assertThat(chat(spender.key(), "One.").status()).isEqualTo(200);

		this.simulator.setUsage(spender.hash(), 1.25);

		JsonNode described = send("GET", "/keys/" + spender.hash(), MANAGEMENT_KEY, null).body().path("data");
		assertThat(described.path("usage").asDouble()).isEqualTo(1.25);
		assertThat(described.path("usage_monthly").asDouble()).isEqualTo(1.25);
		assertThat(described.path("limit_remaining").asDouble()).isEqualTo(3.75);
		assertThat(chat(spender.key(), "Two.").status()).isEqualTo(200);
		assertThat(send("GET", "/key", spender.key(), null).body().at("/data/usage").asDouble())
			.isEqualTo(1.25 + SimulatedKey.CALL_COST_USD);
	}

	@Test
	void aCreationTimeSetByHandIsWhatTheListReports() throws Exception {
		String hash = mint("old").at("/data/hash").asString();

		this.simulator.setCreatedAt(hash, Instant.parse("2026-10-01T00:00:00.789Z"));

		assertThat(list().get(0).path("created_at").asString()).isEqualTo("2026-10-01T00:00:00Z");
	}

	@Test
	void keyControlsNameAKeyTheStandInHolds() {
		assertThatThrownBy(() -> this.simulator.expire("no-such-hash")).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("no-such-hash");
		assertThatThrownBy(() -> this.simulator.setUsage("no-such-hash", 1)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> this.simulator.setCreatedAt("no-such-hash", START))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void theResponsesApiAnswersPlainAndAsTypedEventsAndCountsTheCall() throws Exception {
		String key = mint("alice").path("key").asString();

		Reply plain = send("POST", "/responses", key, "{\"model\":\"openai/gpt-4o-mini\",\"input\":\"Hello there.\"}");
		assertThat(plain.status()).isEqualTo(200);
		assertThat(plain.body().path("object").asString()).isEqualTo("response");
		assertThat(plain.body().at("/output/0/content/0/type").asString()).isEqualTo("output_text");
		assertThat(plain.body().at("/output/0/content/0/text").asString()).isNotBlank();

		String events = sendRaw("POST", "/responses", key,
				"{\"input\":[{\"role\":\"user\",\"content\":\"Hello there.\"}],\"stream\":true}");
		assertThat(events).contains("event: response.created\n", "event: response.output_text.delta\n",
				"event: response.output_item.added\n", "event: response.output_item.done\n", "event: response.completed\n");
		assertThat(send("POST", "/responses", key, "{\"input\":[]}").status()).isEqualTo(400);
	}

	@Test
	void theMessagesApiAnswersPlainAndAsTypedEvents() throws Exception {
		String key = mint("alice").path("key").asString();
		String request = "{\"model\":\"anthropic/claude-haiku-4.5\",\"max_tokens\":64,"
				+ "\"messages\":[{\"role\":\"user\",\"content\":\"Hello there.\"}]";

		Reply plain = send("POST", "/messages", key, request + "}");
		assertThat(plain.status()).isEqualTo(200);
		assertThat(plain.body().path("type").asString()).isEqualTo("message");
		assertThat(plain.body().at("/content/0/text").asString()).isNotBlank();

		String events = sendRaw("POST", "/messages", key, request + ",\"stream\":true}");
		assertThat(events).startsWith(": OPENROUTER PROCESSING\n\n")
			.contains("event: message_start\n", "event: content_block_delta\n", "event: message_stop\n");
		Reply refused = send("POST", "/messages", "sk-or-v1-unknown", request + "}");
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.body().path("type").asString()).isEqualTo("error");
		assertThat(refused.body().at("/error/type").asString()).isEqualTo("authentication_error");
	}

	@Test
	void mintRequiresName() throws Exception {
		for (String body : List.of("{}", "{\"name\":\"  \"}", "{\"name\":42}", "not json", "")) {
			Reply reply = send("POST", "/keys", MANAGEMENT_KEY, body);
			assertThat(reply.status()).as(body).isEqualTo(400);
			assertThat(reply.body().at("/error/code").asInt()).isEqualTo(400);
			assertThat(reply.body().at("/error/message").asString()).isNotBlank();
		}
	}

	@Test
	void mintRejectsInvalidOptionalFields() throws Exception {
		assertThat(send("POST", "/keys", MANAGEMENT_KEY, "{\"name\":\"a\",\"limit\":\"lots\"}").status())
			.isEqualTo(400);
		assertThat(send("POST", "/keys", MANAGEMENT_KEY, "{\"name\":\"a\",\"limit_reset\":\"hourly\"}").status())
			.isEqualTo(400);
		assertThat(send("POST", "/keys", MANAGEMENT_KEY, "{\"name\":\"a\",\"expires_at\":\"2020-01-01T00:00:00Z\"}")
			.status()).isEqualTo(400);
		assertThat(send("POST", "/keys", MANAGEMENT_KEY,
				"{\"name\":\"a\",\"expires_at\":\"2099-12-31T23:59:59+01:00\"}").status()).as("UTC only").isEqualTo(400);
		assertThat(send("POST", "/keys", MANAGEMENT_KEY, "{\"name\":\"a\",\"expires_at\":\"2099-12-31T23:59:59Z\"}")
			.status()).isEqualTo(201);
	}

	@Test
	void mintAnswers201WithKeyAndSpecRequiredFields() throws Exception {
		Reply reply = send("POST", "/keys", MANAGEMENT_KEY,
				"{\"name\":\"alice\",\"limit\":5,\"limit_reset\":\"monthly\",\"include_byok_in_limit\":true}");
		assertThat(reply.status()).isEqualTo(201);
		String key = reply.body().path("key").asString();
		assertThat(key).matches("sk-or-v1-[0-9a-f]{64}");
		JsonNode data = reply.body().path("data");
		assertThat(data.propertyNames()).containsAll(KEY_FIELDS);
		assertThat(data.path("hash").asString()).isEqualTo(sha256(key));
		assertThat(data.path("name").asString()).isEqualTo("alice");
		assertThat(data.path("label").asString())
			.isEqualTo("sk-or-v1-" + key.substring(9, 12) + "..." + key.substring(key.length() - 4));
		assertThat(data.path("disabled").asBoolean()).isFalse();
		assertThat(data.path("limit").asDouble()).isEqualTo(5.0);
		assertThat(data.path("limit_remaining").asDouble()).isEqualTo(5.0);
		assertThat(data.path("limit_reset").asString()).isEqualTo("monthly");
		assertThat(data.path("include_byok_in_limit").asBoolean()).isTrue();
		assertThat(data.path("usage").isNumber()).isTrue();
		assertThat(data.path("created_at").asString()).isEqualTo("2025-01-15T10:00:00Z");
		assertThat(data.path("updated_at").isNull()).isTrue();
		assertThat(data.path("expires_at").isNull()).isTrue();
		assertThat(data.path("workspace_id").isString()).isTrue();
	}

	@Test
	void mintEchoesExpiresAtAndTheKeyStopsWorkingThen() throws Exception {
		String key = send("POST", "/keys", MANAGEMENT_KEY, "{\"name\":\"a\",\"expires_at\":\"2025-01-15T11:00:00Z\"}")
			.body()
			.path("key")
			.asString();
		assertThat(list().get(0).path("expires_at").asString()).isEqualTo("2025-01-15T11:00:00Z");
		assertThat(chat(key, "Hello.").status()).isEqualTo(200);
		this.clock.advance(Duration.ofHours(1));
		assertThat(chat(key, "Hello.").status()).isEqualTo(401);
	}

	@Test
	void chatWithMintedKeyAnswersChatResult() throws Exception {
		String key = mint("alice").path("key").asString();
		Reply reply = send("POST", "/chat/completions", key, """
				{"model":"openai/gpt-4o-mini","messages":[
				  {"role":"system","content":"Be brief."},
				  {"role":"user","content":"Summarise: OpenRouter keys renew themselves. Nice!"}]}
				""");
		assertThat(reply.status()).isEqualTo(200);
		JsonNode result = reply.body();
		assertThat(result.propertyNames())
			.contains("id", "object", "created", "model", "choices", "usage", "system_fingerprint");
		assertThat(result.path("id").asString()).startsWith("gen-");
		assertThat(result.path("object").asString()).isEqualTo("chat.completion");
		assertThat(result.path("created").asLong()).isEqualTo(START.getEpochSecond());
		assertThat(result.path("model").asString()).isEqualTo("openai/gpt-4o-mini");
		JsonNode choice = result.path("choices").path(0);
		assertThat(choice.path("index").asInt()).isZero();
		assertThat(choice.path("finish_reason").asString()).isEqualTo("stop");
		assertThat(choice.at("/message/role").asString()).isEqualTo("assistant");
		assertThat(choice.at("/message/content").asString())
			.isEqualTo("Analysis: 6 words, 2 sentences."
					+ " First sentence: \"Summarise: OpenRouter keys renew themselves.\".");
		JsonNode usage = result.path("usage");
		assertThat(usage.path("prompt_tokens").asInt()).isPositive();
		assertThat(usage.path("completion_tokens").asInt()).isPositive();
		assertThat(usage.path("total_tokens").asInt())
			.isEqualTo(usage.path("prompt_tokens").asInt() + usage.path("completion_tokens").asInt());
	}

	@Test
	void chatRequiresMessages() throws Exception {
		String key = mint("alice").path("key").asString();
		for (String body : List.of("{\"model\":\"m\"}", "{\"messages\":[]}", "{\"messages\":\"hi\"}")) {
			Reply reply = send("POST", "/chat/completions", key, body);
			assertThat(reply.status()).as(body).isEqualTo(400);
			assertThat(reply.body().at("/error/code").asInt()).isEqualTo(400);
		}
	}

	@Test
	void chatRejectsUnknownKeyAsUserNotFound() throws Exception {
		Reply reply = chat("sk-or-v1-" + "0".repeat(64), "Hello.");
		assertThat(reply.status()).isEqualTo(401);
		assertThat(reply.body().at("/error/message").asString()).isEqualTo("User not found.");
		assertThat(chat(null, "Hello.").status()).isEqualTo(401);
	}

	@Test
	void keyExpiresAfterConfiguredCalls() throws Exception {
		restart(3, Duration.ZERO);
		String key = mint("alice").path("key").asString();
		for (int call = 1; call <= 3; call++) {
			assertThat(chat(key, "Hello.").status()).as("call %d", call).isEqualTo(200);
		}
		Reply expired = chat(key, "Hello.");
		assertThat(expired.status()).isEqualTo(401);
		assertThat(expired.body().at("/error/code").asInt()).isEqualTo(401);
		assertThat(expired.body().at("/error/message").asString()).isEqualTo("User not found.");
		assertThat(send("GET", "/key", key, null).status()).isEqualTo(401);
		assertThat(chat(mint("alice").path("key").asString(), "Hello.").status()).isEqualTo(200);
	}

	@Test
	void failedCallsDoNotCountTowardsExpiry() throws Exception {
		restart(1, Duration.ZERO);
		String key = mint("alice").path("key").asString();
		assertThat(send("POST", "/chat/completions", key, "{}").status()).isEqualTo(400);
		assertThat(chat(key, "Hello.").status()).isEqualTo(200);
		assertThat(chat(key, "Hello.").status()).isEqualTo(401);
	}

	@Test
	void keyExpiresOnceExpireAfterHasPassed() throws Exception {
		restart(0, Duration.ofSeconds(30));
		String key = mint("alice").path("key").asString();
		this.clock.advance(Duration.ofSeconds(29));
		assertThat(chat(key, "Hello.").status()).isEqualTo(200);
		this.clock.advance(Duration.ofSeconds(1));
		Reply expired = chat(key, "Hello.");
		assertThat(expired.status()).isEqualTo(401);
		assertThat(expired.body().at("/error/message").asString()).isEqualTo("User not found.");
	}

	@RepeatedTest(5)
	void concurrentCallsNeverExceedTheCallLimit() throws Exception {
		restart(5, Duration.ZERO);
		String key = mint("alice").path("key").asString();
		ExecutorService threads = Executors.newFixedThreadPool(16);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Integer>> statuses = new ArrayList<>();
			for (int i = 0; i < 16; i++) {
				statuses.add(threads.submit(() -> {
					start.await(5, TimeUnit.SECONDS);
					return chat(key, "Hello.").status();
				}));
			}
			start.countDown();
			List<Integer> results = new ArrayList<>();
			for (Future<Integer> status : statuses) {
				results.add(status.get(10, TimeUnit.SECONDS));
			}
			assertThat(results).filteredOn((status) -> status == 200).hasSize(5);
			assertThat(results).filteredOn((status) -> status == 401).hasSize(11);
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void deleteRemovesKey() throws Exception {
		JsonNode minted = mint("alice");
		String key = minted.path("key").asString();
		String hash = minted.at("/data/hash").asString();
		assertThat(send("DELETE", "/keys/" + hash, null, null).status()).isEqualTo(401);
		Reply deleted = send("DELETE", "/keys/" + hash, MANAGEMENT_KEY, null);
		assertThat(deleted.status()).isEqualTo(200);
		assertThat(deleted.body().path("deleted").asBoolean()).isTrue();
		Reply again = send("DELETE", "/keys/" + hash, MANAGEMENT_KEY, null);
		assertThat(again.status()).isEqualTo(404);
		assertThat(again.body().at("/error/code").asInt()).isEqualTo(404);
		Reply chat = chat(key, "Hello.");
		assertThat(chat.status()).isEqualTo(401);
		assertThat(chat.body().at("/error/message").asString()).isEqualTo("User not found.");
		assertThat(list().size()).isZero();
	}

	@Test
	void listShowsKeysWithoutRawKeys() throws Exception {
		JsonNode alice = mint("alice");
		JsonNode bob = mint("bob");
		assertThat(send("GET", "/keys", null, null).status()).isEqualTo(401);
		JsonNode keys = list();
		assertThat(keys.size()).isEqualTo(2);
		assertThat(keys.findValuesAsString("hash")).containsExactlyInAnyOrder(alice.at("/data/hash").asString(),
				bob.at("/data/hash").asString());
		for (JsonNode key : keys) {
			assertThat(key.propertyNames()).containsAll(KEY_FIELDS).doesNotContain("key");
		}
		assertThat(send("GET", "/keys/" + alice.at("/data/hash").asString(), MANAGEMENT_KEY, null).body()
			.at("/data/name")
			.asString()).isEqualTo("alice");
	}

	@Test
	void listLeavesDisabledKeysOutUnlessAskedForThem() throws Exception {
		String on = mint("on").at("/data/hash").asString();
		String off = mint("off").at("/data/hash").asString();
		assertThat(send("PATCH", "/keys/" + off, MANAGEMENT_KEY, "{\"disabled\":true}").status()).isEqualTo(200);

		assertThat(list().findValuesAsString("hash")).containsExactly(on);
		Reply all = send("GET", "/keys?include_disabled=true", MANAGEMENT_KEY, null);
		assertThat(all.body().path("data").findValuesAsString("hash")).containsExactlyInAnyOrder(on, off);
		assertThat(send("GET", "/keys?include_disabled=false", MANAGEMENT_KEY, null).body().path("data")
			.findValuesAsString("hash")).containsExactly(on);
	}

	@Test
	void listPagesAHundredKeysAtATimeFromTheOffset() throws Exception {
		for (int i = 0; i < 150; i++) {
			mint("other-app:" + i);
		}

		JsonNode first = list();
		JsonNode second = send("GET", "/keys?offset=100", MANAGEMENT_KEY, null).body().path("data");

		assertThat(first).hasSize(100);
		assertThat(first.get(0).path("name").asString()).isEqualTo("other-app:0");
		assertThat(second).hasSize(50);
		assertThat(second.get(0).path("name").asString()).isEqualTo("other-app:100");
		assertThat(send("GET", "/keys?offset=150", MANAGEMENT_KEY, null).body().path("data")).isEmpty();
		assertThat(send("GET", "/keys?offset=-1", MANAGEMENT_KEY, null).status()).isEqualTo(400);
		assertThat(send("GET", "/keys?offset=many", MANAGEMENT_KEY, null).status()).isEqualTo(400);
	}

	@Test
	void currentKeyDescribesTheCallingKey() throws Exception {
		String key = mint("alice").path("key").asString();
		Reply reply = send("GET", "/key", key, null);
		assertThat(reply.status()).isEqualTo(200);
		JsonNode data = reply.body().path("data");
		assertThat(data.propertyNames()).containsAll(CURRENT_KEY_FIELDS);
		assertThat(data.path("is_management_key").asBoolean()).isFalse();
		assertThat(data.path("label").asString()).endsWith(key.substring(key.length() - 4));
		assertThat(data.at("/rate_limit/note").isString()).isTrue();
		assertThat(send("GET", "/key", MANAGEMENT_KEY, null).body().at("/data/is_management_key").asBoolean())
			.isTrue();
		assertThat(send("GET", "/key", null, null).status()).isEqualTo(401);
	}

	@Test
	void unknownRoutesAnswer404Json() throws Exception {
		for (String path : List.of("/models", "/keys/a/b", "/chat")) {
			Reply reply = send("GET", path, MANAGEMENT_KEY, null);
			assertThat(reply.status()).as(path).isEqualTo(404);
			assertThat(reply.body().at("/error/code").asInt()).isEqualTo(404);
		}
		HttpRequest outsideApi = HttpRequest.newBuilder(this.simulator.baseUrl().resolve("/other")).build();
		assertThat(this.http.send(outsideApi, BodyHandlers.ofString()).statusCode()).isEqualTo(404);
	}

	@Test
	void closeStopsTheServer() {
		this.simulator.close();
		this.simulator.close();
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> chat("sk-or-v1-x", "Hello."));
	}

	@Test
	void toStringHidesTheManagementKey() {
		assertThat(this.simulator.toString()).doesNotContain(MANAGEMENT_KEY).contains("127.0.0.1");
	}

	private void restart(int expireAfterCalls, Duration expireAfter) {
		this.simulator.close();
		this.simulator = OpenRouterStandIn.start(MANAGEMENT_KEY, expireAfterCalls, expireAfter, this.clock);
	}

	private JsonNode mint(String name) throws Exception {
		Reply reply = send("POST", "/keys", MANAGEMENT_KEY, "{\"name\":\"" + name + "\"}");
		assertThat(reply.status()).isEqualTo(201);
		return reply.body();
	}

	/** A key minted, then given a limit by {@code PATCH}. */
	private Minted mintWithLimit(String name, double limit) throws Exception {
		JsonNode minted = mint(name);
		String hash = minted.at("/data/hash").asString();
		assertThat(send("PATCH", "/keys/" + hash, MANAGEMENT_KEY, "{\"limit\":" + limit + "}").status()).isEqualTo(200);
		return new Minted(minted.path("key").asString(), hash);
	}

	private record Minted(String key, String hash) {
	}

	private JsonNode list() throws Exception {
		Reply reply = send("GET", "/keys", MANAGEMENT_KEY, null);
		assertThat(reply.status()).isEqualTo(200);
		return reply.body().path("data");
	}

	private Reply chat(String key, String prompt) throws IOException, InterruptedException {
		String body = this.json.writeValueAsString(Map.of("model", "openai/gpt-4o-mini", "messages",
				List.of(Map.of("role", "user", "content", prompt))));
		return send("POST", "/chat/completions", key, body);
	}

	@Test
	void faultsMeetTheComingRequestsInOrderAndEveryRequestIsRecorded() throws Exception {
		String key = mint("faulty").path("key").asString();
		String chat = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
		this.simulator.reset();
		this.simulator.fault(Fault.status(503, "Service Unavailable"), Fault.status(429, "Rate limited"));

		Reply first = send("POST", "/chat/completions", key, chat);
		Reply second = send("POST", "/chat/completions", key, chat);
		Reply third = send("POST", "/chat/completions", key, chat);

		assertThat(first.status()).isEqualTo(503);
		assertThat(first.body().path("error").path("code").asInt()).isEqualTo(503);
		assertThat(second.status()).isEqualTo(429);
		assertThat(third.status()).isEqualTo(200);
		assertThat(third.body().path("usage").path("cost").asDouble()).isEqualTo(SimulatedKey.CALL_COST_USD);
		assertThat(this.simulator.recorded()).extracting(Recorded::route)
			.containsExactly("/chat/completions", "/chat/completions", "/chat/completions");
		assertThat(this.simulator.recorded().get(0).body()).contains("\"Hi\"");
	}

	/**
	 * A mint delay holds every mint, and nothing else, until it has passed; a reset ends it. Only
	 * lower bounds are held: a loaded machine may be slower, never faster.
	 */
	@Test
	void aMintDelayHoldsEveryMintUntilAReset() throws Exception {
		Duration delay = Duration.ofMillis(300);
		this.simulator.mintDelay(delay);

		long started = System.nanoTime();
		String key = mint("slow").path("key").asString();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(delay);
		started = System.nanoTime();
		mint("slow-too");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(delay);
		assertThat(send("GET", "/key", key, null).status()).as("only mints wait").isEqualTo(200);

		this.simulator.mintDelay(Duration.ofSeconds(30));
		this.simulator.reset();
		assertThat(mint("after-reset").path("key").asString())
			.as("answered within the client's 5 s: the reset ended the delay")
			.startsWith("sk-or-v1-");
		assertThatThrownBy(() -> this.simulator.mintDelay(Duration.ofMillis(-1)))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void aDroppedConnectionIsNoAnswerAtAll() throws Exception {
		String key = mint("dropped").path("key").asString();
		this.simulator.fault(Fault.drop());

		assertThatThrownBy(() -> send("POST", "/chat/completions", key,
				"{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))
			.isInstanceOf(IOException.class);
		assertThat(send("GET", "/key", key, null).status()).isEqualTo(200);
	}

	private Reply send(String method, String path, String bearer, String body)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.simulator.baseUrl() + path))
			.timeout(Duration.ofSeconds(5))
			.method(method, (body != null) ? BodyPublishers.ofString(body) : BodyPublishers.noBody());
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		var response = this.http.send(request.build(), BodyHandlers.ofByteArray());
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		if (SpecCheck.isKeyManagement(path)) {
			this.specViolations.addAll(SpecCheck.violations(method, path, (bearer != null) ? "Bearer " + bearer : null,
					body, response.statusCode(), new String(response.body(), java.nio.charset.StandardCharsets.UTF_8)));
		}
		return new Reply(response.statusCode(), this.json.readTree(response.body()));
	}

	/** A call whose answer is an event stream, read as text. */
	private String sendRaw(String method, String path, String bearer, String body)
			throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.simulator.baseUrl() + path))
			.timeout(Duration.ofSeconds(5))
			.header("Authorization", "Bearer " + bearer)
			.header("Content-Type", "application/json")
			.method(method, BodyPublishers.ofString(body))
			.build();
		var response = this.http.send(request, BodyHandlers.ofString());
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
		return response.body();
	}

	private static String sha256(String key) throws Exception {
		byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
		return HexFormat.of().formatHex(digest);
	}

	private record Reply(int status, JsonNode body) {
	}

}
