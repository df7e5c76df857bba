package io.autorenew.gateway;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.autorenew.support.IntegrationTest;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.OperatorAllowances;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every row of every request policy ({@link Policies}, the tables of docs/agents.md) shown at
 * the wire: a request with the row's item goes to the service, and what reaches the OpenRouter
 * stand-in is checked. Forwarded fields arrive as sent, dropped ones do not arrive and are named
 * in {@code X-Dropped}, refused ones get 400 naming them with nothing sent, bounded ones arrive
 * lowered. A row without a case fails the build, so a new row needs its test.
 */
class RequestPolicyIntegrationTests extends IntegrationTest {

	/** A request of one API, an extra for it, and what to check of the answer and of what went upstream. */
	record Case(String item, String body, Map<String, String> headers, BiConsumer<HttpResponse<String>, LoggedRequest> check) {
	}

	static final Map<String, String> PATHS = Map.of("chat", "/v1/chat/completions", "responses", "/v1/responses",
			"messages", "/v1/messages");

	static final Map<String, String> UPSTREAM = Map.of("chat", "/api/v1/chat/completions", "responses",
			OpenRouterStub.RESPONSES, "messages", OpenRouterStub.MESSAGES);

	static final Map<String, String> BASES = Map.of("chat",
			"{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "responses",
			"{\"model\":\"openai/gpt-4o-mini\",\"input\":\"hi\"}", "messages",
			"{\"model\":\"anthropic/claude-haiku-4.5\",\"max_tokens\":2000,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

	/** A value of each forwarded field that arrives as written. */
	static final Map<String, String> SAMPLES = Map.ofEntries(Map.entry("stream_options", "{\"include_usage\":true}"),
			Map.entry("temperature", "0.5"), Map.entry("top_p", "0.9"), Map.entry("stop", "[\"END\"]"),
			Map.entry("seed", "7"), Map.entry("presence_penalty", "0.5"), Map.entry("frequency_penalty", "-0.5"),
			Map.entry("logit_bias", "{\"50256\":-100}"), Map.entry("logprobs", "true"), Map.entry("top_logprobs", "2"),
			Map.entry("response_format", "{\"type\":\"json_object\"}"),
			Map.entry("tool_choice", "\"auto\""), Map.entry("parallel_tool_calls", "false"),
			Map.entry("prompt_cache_key", "\"session-1\""), Map.entry("user", "\"end-user-7\""),
			Map.entry("safety_identifier", "\"s-7\""), Map.entry("verbosity", "\"low\""),
			Map.entry("instructions", "\"Be brief.\""), Map.entry("include", "[\"reasoning.encrypted_content\"]"),
			Map.entry("max_tool_calls", "3"), Map.entry("text", "{\"verbosity\":\"low\"}"),
			Map.entry("truncation", "\"auto\""), Map.entry("store", "false"),
			Map.entry("system", "[{\"type\":\"text\",\"text\":\"Be brief.\"}]"),
			Map.entry("output_config", "{\"effort\":\"high\"}"),
			Map.entry("context_management", "{\"edits\":[{\"type\":\"clear_thinking_20251015\",\"keep\":\"all\"}]}"),
			Map.entry("top_k", "5"), Map.entry("stop_sequences", "[\"END\"]"));

	@TestFactory
	Stream<DynamicTest> everyRowOfEveryPolicyShowsWhatReachesOpenRouter() {
		Map<String, Map<String, Case>> explicit = explicitCases();
		List<DynamicTest> tests = new ArrayList<>();
		for (RequestPolicy policy : Policies.ALL) {
			for (PolicyRule rule : policy.rules()) {
				Case test = explicit.getOrDefault(policy.api(), Map.of()).get(rule.item());
				if (test == null) {
					test = generic(policy.api(), rule);
				}
				assertThat(test).as("a case for row '%s' of the %s policy", rule.item(), policy.api()).isNotNull();
				Case run = test;
				tests.add(DynamicTest.dynamicTest(policy.api() + ": " + rule.item() + " (" + rule.treatment().label() + ")",
						() -> run(policy.api(), run)));
			}
		}
		return tests.stream();
	}

	private void run(String api, Case test) {
		OpenRouterStub.reset();
		HttpResponse<String> response = post(api, test.body(), test.headers());
		List<LoggedRequest> sent = OpenRouterStub.requests("POST", UPSTREAM.get(api));
		test.check().accept(response, sent.isEmpty() ? null : sent.get(sent.size() - 1));
	}

	/** Forward: arrives as written; drop: absent and named; refuse: 400 naming it, nothing sent. */
	private static Case generic(String api, PolicyRule rule) {
		String field = rule.item();
		if (!field.matches("[a-z_]+")) {
			return null;
		}
		return switch (rule.treatment()) {
			case FORWARD -> {
				String sample = SAMPLES.get(field);
				if (sample == null && field.equals("stream")) {
					sample = "false";
				}
				if (sample == null) {
					yield null;
				}
				String value = sample;
				yield new Case(field, with(api, field, value), Map.of(), (response, upstream) -> {
					assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
					assertThat(json(upstream.getBodyAsString()).get(field)).isEqualTo(json(value));
				});
			}
			case DROP -> new Case(field, with(api, field, "{\"x\":1}"), Map.of(), (response, upstream) -> {
				assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
				assertThat(response.headers().firstValue(Gateway.DROPPED)).hasValue(field);
				assertThat(json(upstream.getBodyAsString()).has(field)).isFalse();
			});
			case REFUSE -> refused(with(api, field, "\"x\""), field);
			case BOUND -> null;
		};
	}

	private static Map<String, Map<String, Case>> explicitCases() {
		Map<String, Map<String, Case>> cases = new HashMap<>();
		for (String api : PATHS.keySet()) {
			Map<String, Case> apiCases = new LinkedHashMap<>();
			apiCases.put("model", new Case("model", with(api, "model", "\"openai/o1-pro\""), Map.of(),
					(response, upstream) -> {
						assertThat(response.statusCode()).isEqualTo(400);
						assertThat(response.body()).contains("invalid_model");
						assertThat(upstream).isNull();
					}));
			apiCases.put("messages", sent("messages", BASES.get(api), Map.of(),
					(body) -> assertThat(body.has(api.equals("responses") ? "input" : "messages")).isTrue()));
			apiCases.put("input", sent("input", BASES.get(api), Map.of(), (body) -> assertThat(body.path("input").asString()).isEqualTo("hi")));
			apiCases.put("any other field", dropped(with(api, "made_up", "1"), "made_up", "made_up"));
			apiCases.put("`cache_control` (5 minutes)", sent("cache", cache(api, "{\"type\":\"ephemeral\"}"), Map.of(),
					(body) -> assertThat(body.toString()).contains("{\"type\":\"ephemeral\"}")));
			apiCases.put("`cache_control.ttl: \"1h\"`", dropped(cache(api, "{\"type\":\"ephemeral\",\"ttl\":\"1h\"}"),
					"cache_control.ttl", "\"ttl\""));
			apiCases.put("prompt over OPENROUTER_MAX_INPUT_CHARS characters", new Case("input",
					with(api, Map.of("chat", "user", "responses", "instructions", "messages", "system").get(api),
							"\"" + "x".repeat(800_001) + "\""), Map.of(),
					(response, upstream) -> {
						assertThat(response.statusCode()).isEqualTo(400);
						assertThat(response.body()).contains("input_too_large");
						assertThat(upstream).isNull();
					}));
			cases.put(api, apiCases);
		}
		Map<String, Case> chat = cases.get("chat");
		chat.put("`file` / `input_file` parts (PDFs)", sent("file", with("chat", "messages",
				"[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Summarise.\"},"
						+ "{\"type\":\"file\",\"file\":{\"filename\":\"r.pdf\",\"file_data\":\"https://example.com/r.pdf\"}}]}]"),
				Map.of(), (body) -> {
					assertThat(body.at("/messages/0/content/1/file/file_data").asString()).isEqualTo("https://example.com/r.pdf");
					assertThat(body.path("plugins")).isEqualTo(json(FREE_PARSER));
				}));
		chat.put("max_tokens", sent("max_tokens", with("chat", "max_tokens", "1000000"), Map.of(),
				(body) -> assertThat(body.path("max_tokens").asInt()).isEqualTo(32000)));
		chat.put("max_completion_tokens", sent("max_completion_tokens", with("chat", "max_completion_tokens", "40000"),
				Map.of(), (body) -> {
					assertThat(body.path("max_completion_tokens").asInt()).isEqualTo(32000);
					assertThat(body.has("max_tokens")).isFalse();
				}));
		chat.put("reasoning", sent("reasoning", with("chat", "reasoning", "{\"effort\":\"xhigh\",\"max_tokens\":99999,\"odd\":1}"),
				Map.of(), (body) -> assertThat(body.path("reasoning")).isEqualTo(json("{\"effort\":\"high\",\"max_tokens\":32000}"))));
		chat.put("reasoning_effort", sent("reasoning_effort", with("chat", "reasoning_effort", "\"max\""), Map.of(),
				(body) -> assertThat(body.path("reasoning_effort").asString()).isEqualTo("high")));
		chat.put("n", sent("n", with("chat", "n", "4"), Map.of(), (body) -> assertThat(body.path("n").asInt()).isEqualTo(1)));
		chat.put("tools", sent("tools", with("chat", "tools", "[" + FUNCTION + "]"), Map.of(),
				(body) -> assertThat(body.path("tools")).isEqualTo(json("[" + FUNCTION + "]"))));
		chat.put("`tools`: `function`", chat.get("tools"));
		chat.put("`tools`: server-side tools (`openrouter:web_search`, `openrouter:web_fetch`, `openrouter:image_generation`, any other type)",
				dropped(with("chat", "tools", "[" + FUNCTION + ",{\"type\":\"openrouter:web_search\",\"parameters\":{\"max_results\":25}}]"),
						"tools[openrouter:web_search]", "openrouter:web_search"));
		chat.put("headers", noHeaders("chat"));

		Map<String, Case> responses = cases.get("responses");
		responses.put("`file` / `input_file` parts (PDFs)", sent("input_file", with("responses", "input",
				"[{\"role\":\"user\",\"content\":[{\"type\":\"input_file\",\"file_url\":\"https://example.com/r.pdf\"}]}]"),
				Map.of(), (body) -> assertThat(body.path("plugins")).isEqualTo(json(FREE_PARSER))));
		responses.put("max_output_tokens", sent("max_output_tokens", with("responses", "max_output_tokens", "50000"), Map.of(),
				(body) -> assertThat(body.path("max_output_tokens").asInt()).isEqualTo(32000)));
		responses.put("reasoning", sent("reasoning", with("responses", "reasoning", "{\"effort\":\"ultra\",\"summary\":\"auto\"}"),
				Map.of(), (body) -> assertThat(body.path("reasoning")).isEqualTo(json("{\"effort\":\"high\",\"summary\":\"auto\"}"))));
		responses.put("tools", sent("tools", with("responses", "tools", "[" + RESPONSES_FUNCTION + ",{\"type\":\"custom\",\"name\":\"c\"},{\"type\":\"namespace\",\"name\":\"n\",\"tools\":[]}]"),
				Map.of(), (body) -> assertThat(body.path("tools").size()).isEqualTo(3)));
		responses.put("`tools`: `function`, `custom`, `namespace`, `local_shell`, `apply_patch`", responses.get("tools"));
		responses.put("`tools`: server-side tools (`web_search`, `web_search_preview`, `file_search`, `code_interpreter`, `image_generation`, `mcp`, any other type)",
				dropped(with("responses", "tools", "[" + RESPONSES_FUNCTION + ",{\"type\":\"web_search\"},{\"type\":\"mcp\",\"server_url\":\"https://x\"}]"),
						"tools[web_search], tools[mcp]", "web_search"));
		responses.put("store", sent("store", with("responses", "store", "false"), Map.of(),
				(body) -> assertThat(body.path("store").asBoolean(true)).isFalse()));
		responses.put("background", sent("background", with("responses", "background", "false"), Map.of(),
				(body) -> assertThat(body.has("background")).isFalse()));
		responses.put("headers", noHeaders("responses"));

		Map<String, Case> messages = cases.get("messages");
		messages.put("max_tokens", sent("max_tokens", with("messages", "max_tokens", "64000"), Map.of(),
				(body) -> assertThat(body.path("max_tokens").asInt()).isEqualTo(32000)));
		messages.put("thinking", sent("thinking", with("messages", "thinking", "{\"type\":\"enabled\",\"budget_tokens\":31999}"),
				Map.of(), (body) -> assertThat(body.path("thinking").path("budget_tokens").asInt()).as("below max_tokens 2000").isEqualTo(1999)));
		messages.put("metadata", sent("metadata", with("messages", "metadata", "{\"user_id\":\"{\\\"device_id\\\":\\\"d\\\"}\"}"),
				Map.of(), (body) -> assertThat(body.path("metadata").path("user_id").asString()).matches("[0-9a-f]{16}")));
		messages.put("tools", sent("tools", with("messages", "tools", "[{\"name\":\"Bash\",\"input_schema\":{\"type\":\"object\"}},{\"type\":\"bash_20250124\",\"name\":\"bash\"}]"),
				Map.of(), (body) -> assertThat(body.path("tools").size()).isEqualTo(2)));
		messages.put("`tools`: custom (no `type`, or `custom`), `bash_*`, `text_editor_*`, `computer_*`, `memory_*`", messages.get("tools"));
		messages.put("`tools`: server-side tools (`web_search_*`, `web_fetch_*`, `code_execution_*`, any other type)",
				dropped(with("messages", "tools", "[{\"name\":\"Bash\",\"input_schema\":{\"type\":\"object\"}},{\"type\":\"web_search_20250305\",\"name\":\"web_search\",\"max_uses\":99}]"),
						"tools[web_search_20250305]", "web_search_20250305"));
		messages.put("tool_choice", sent("tool_choice", with("messages", "tool_choice", "{\"type\":\"auto\"}"), Map.of(),
				(body) -> assertThat(body.path("tool_choice")).isEqualTo(json("{\"type\":\"auto\"}"))));
		messages.put("header `anthropic-version`", header(Map.of("anthropic-version", "2023-06-01"), "anthropic-version", "2023-06-01"));
		for (HeaderPolicy.Beta beta : HeaderPolicy.BETAS) {
			String value = beta.prefix() + "2025-01-01";
			String item = "header `anthropic-beta: " + beta.prefix() + "*`";
			messages.put(item, beta.costly() ? droppedHeader(value) : header(Map.of("anthropic-beta", value), "anthropic-beta", value));
		}
		messages.put("header `anthropic-beta`, any other value", droppedHeader("made-up-beta-2026-01-01"));
		messages.put("other headers", new Case("headers", BASES.get("messages"), Map.of("x-app", "cli"),
				(response, upstream) -> {
					assertThat(response.statusCode()).isEqualTo(200);
					assertThat(upstream.getHeader("x-app")).isNull();
				}));
		return cases;
	}

	private static final String FREE_PARSER = "[{\"id\":\"file-parser\",\"pdf\":{\"engine\":\"cloudflare-ai\"}}]";

	private static final String FUNCTION = "{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{\"type\":\"object\"}}}";

	private static final String RESPONSES_FUNCTION = "{\"type\":\"function\",\"name\":\"f\",\"parameters\":{\"type\":\"object\"}}";

	@Test
	void aThinkingBudgetThatCannotFitBelowMaxTokensIsDropped() {
		HttpResponse<String> response = post("messages",
				with("messages", "max_tokens", "500").replace("}", ",\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":400}}"),
				Map.of());

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.headers().firstValue(Gateway.DROPPED)).hasValue("thinking");
		LoggedRequest upstream = OpenRouterStub.requests("POST", OpenRouterStub.MESSAGES).get(0);
		assertThat(json(upstream.getBodyAsString()).has("thinking")).isFalse();
	}

	/** The operator's levers: what is dropped by default goes on once allowed, bounded where it costs. */
	@Nested
	@TestPropertySource(properties = { OperatorAllowances.SERVER_TOOLS, OperatorAllowances.BETAS,
			OperatorAllowances.CACHE_TTL_1H, OperatorAllowances.PASSTHROUGH })
	class WithTheOperatorsAllowances {

		@Test
		void anAllowedServerToolGoesOnWithItsUsesBounded() {
			HttpResponse<String> response = post("messages", with("messages", "tools",
					"[{\"type\":\"web_search_20250305\",\"name\":\"web_search\",\"max_uses\":99}]"), Map.of());
			HttpResponse<String> chat = post("chat", with("chat", "tools",
					"[{\"type\":\"openrouter:web_search\",\"parameters\":{\"max_results\":25}}]"), Map.of());

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(chat.statusCode()).isEqualTo(200);
			JsonNode tool = json(OpenRouterStub.requests("POST", OpenRouterStub.MESSAGES).get(0).getBodyAsString()).at("/tools/0");
			assertThat(tool.path("max_uses").asInt()).isEqualTo(GatewayProperties.MAX_SERVER_TOOL_USES);
			JsonNode chatTool = json(OpenRouterStub.requests("POST", UPSTREAM.get("chat")).get(0).getBodyAsString()).at("/tools/0");
			assertThat(chatTool.at("/parameters/max_results").asInt()).isEqualTo(GatewayProperties.MAX_SERVER_TOOL_USES);
		}

		@Test
		void anAllowedBetaAndTheLongCacheGoOn() {
			HttpResponse<String> response = post("messages", cache("messages", "{\"type\":\"ephemeral\",\"ttl\":\"1h\"}"),
					Map.of("anthropic-beta", "claude-code-20250219,context-1m-2025-08-07,extended-cache-ttl-2025-04-11"));

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue(Gateway.DROPPED)).hasValue("anthropic-beta=extended-cache-ttl-2025-04-11");
			LoggedRequest upstream = OpenRouterStub.requests("POST", OpenRouterStub.MESSAGES).get(0);
			assertThat(upstream.getHeader("anthropic-beta")).isEqualTo("claude-code-20250219,context-1m-2025-08-07");
			assertThat(upstream.getBodyAsString()).contains("\"ttl\":\"1h\"");
		}

	}

	private static Case sent(String item, String body, Map<String, String> headers, java.util.function.Consumer<JsonNode> check) {
		return new Case(item, body, headers, (response, upstream) -> {
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			assertThat(upstream).as("reached OpenRouter").isNotNull();
			check.accept(json(upstream.getBodyAsString()));
		});
	}

	private static Case noHeaders(String api) {
		return new Case("headers", BASES.get(api), Map.of("anthropic-beta", "claude-code-20250219", "x-custom", "1"),
				(response, upstream) -> {
					assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
					assertThat(upstream.getHeader("x-custom")).isNull();
					assertThat(upstream.getHeader("anthropic-beta")).isNull();
				});
	}

	private static Case dropped(String body, String named, String absent) {
		return new Case(named, body, Map.of(), (response, upstream) -> {
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			assertThat(response.headers().firstValue(Gateway.DROPPED)).hasValue(named);
			assertThat(upstream.getBodyAsString()).doesNotContain(absent);
		});
	}

	private static Case refused(String body, String param) {
		return new Case(param, body, Map.of(), (response, upstream) -> {
			assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
			assertThat(response.body()).contains("\"param\":\"" + param + "\"");
			assertThat(upstream).isNull();
			assertThat(OpenRouterStub.mintRequests()).isEmpty();
		});
	}

	private static Case header(Map<String, String> headers, String name, String value) {
		return new Case(name, BASES.get("messages"), headers, (response, upstream) -> {
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			assertThat(upstream.getHeader(name)).isEqualTo(value);
		});
	}

	private static Case droppedHeader(String beta) {
		return new Case(beta, BASES.get("messages"), Map.of("anthropic-beta", "claude-code-20250219," + beta),
				(response, upstream) -> {
					assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
					assertThat(response.headers().firstValue(Gateway.DROPPED)).hasValue("anthropic-beta=" + beta);
					assertThat(upstream.getHeader("anthropic-beta")).isEqualTo("claude-code-20250219");
				});
	}

	/** The base request of {@code api} with {@code field} set to {@code value} (JSON). */
	static String with(String api, String field, String value) {
		ObjectNode body = (ObjectNode) json(BASES.get(api));
		body.set(field, json(value));
		return body.toString();
	}

	/** The base request with a content block carrying {@code cache_control}. */
	static String cache(String api, String cacheControl) {
		ObjectNode body = (ObjectNode) json(BASES.get(api));
		String block = "[{\"type\":\"" + (api.equals("responses") ? "input_text" : "text") + "\",\"text\":\"hi\",\"cache_control\":" + cacheControl + "}]";
		if (api.equals("responses")) {
			body.set("input", json("[{\"role\":\"user\",\"content\":" + block + "}]"));
		}
		else {
			body.set("messages", json("[{\"role\":\"user\",\"content\":" + block + "}]"));
		}
		return body.toString();
	}

	private HttpResponse<String> post(String api, String body, Map<String, String> headers) {
		Map<String, String> all = new HashMap<>(headers);
		all.put("Authorization", "Bearer " + Tokens.user("alice"));
		all.put("Content-Type", "application/json");
		return this.api.exchange("POST", PATHS.get(api), all, body);
	}

	private static JsonNode json(String text) {
		return JsonMapper.shared().readTree(text);
	}

}
