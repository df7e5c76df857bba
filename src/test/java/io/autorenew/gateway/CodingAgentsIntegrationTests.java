package io.autorenew.gateway;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.autorenew.support.CodingAgents;
import io.autorenew.support.IntegrationTest;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.OperatorAllowances;
import io.autorenew.support.RefusingProxy;
import io.autorenew.support.StoredKeys;
import io.autorenew.support.Tokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real coding agents, Codex CLI ({@code @openai/codex}) and Claude Code
 * ({@code @anthropic-ai/claude-code}), pinned by {@code src/test/node/agents}'s lock file, set up
 * exactly as docs/agents.md says and run against the service and the OpenRouter stand-in: each
 * answers with Claude Code's and Codex's own defaults, through an expired key too (one mint),
 * none of their requests is refused, and every other host they try is refused by a recording
 * proxy, so all their traffic stays on the loopback.
 */
class CodingAgentsIntegrationTests extends IntegrationTest {

	private static final String ANSWER = "The text is short and clear.";

	private static final String EXPIRED_KEY = "sk-or-v1-3333333333333333333333333333333333333333333333333333333333dead";

	@Autowired
	private MeterRegistry meters;

	private RefusingProxy proxy;

	private Map<String, Long> statusesBefore;

	@BeforeEach
	void startProxy() throws Exception {
		this.proxy = new RefusingProxy();
		this.statusesBefore = agentStatuses();
	}

	@AfterEach
	void noRequestWasRefusedAndNothingLeftTheLoopback() throws Exception {
		this.proxy.close();
		Map<String, Long> answered = new TreeMap<>(agentStatuses());
		this.statusesBefore.forEach((status, count) -> answered.merge(status, -count, Long::sum));
		answered.values().removeIf((count) -> count == 0);
		assertThat(answered.keySet()).as("statuses the service answered the agent").allMatch((s) -> s.startsWith("2"));
		assertThat(this.proxy.hosts()).as("hosts the agent tried besides the loopback")
			.allMatch((host) -> !host.equals("127.0.0.1") && !host.equals("localhost"));
	}

	@Test
	void codexExecAnswersWithItsOwnDefaults() throws Exception {
		CodingAgents.Run run = CodingAgents.codex(base() + "/v1", Tokens.user("codex-user"), "openai/gpt-4o-mini",
				this.proxy, "Say hello");

		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.output()).contains(ANSWER);
		JsonNode sent = lastBody(OpenRouterStub.RESPONSES);
		assertThat(sent.path("reasoning").path("summary").asString()).isEqualTo("auto");
		assertThat(sent.path("include").toString()).contains("reasoning.encrypted_content");
		assertThat(sent.path("prompt_cache_key").asString()).isNotBlank();
		assertThat(sent.has("client_metadata")).isFalse();
		assertThat(sent.path("tools").valueStream().map((tool) -> tool.path("type").asString()))
			.contains("function")
			.doesNotContain("web_search");
		assertThat(sent.path("max_output_tokens").asInt()).isEqualTo(32000);
	}

	@Test
	void codexExecAnswersAfterTheUsersKeyExpiredWithOneMint() throws Exception {
		StoredKeys.seed("codex-expiring", EXPIRED_KEY, "hash-codex-expiring");
		OpenRouterStub.agentApisReject(EXPIRED_KEY, 401, "User not found.");

		CodingAgents.Run run = CodingAgents.codex(base() + "/v1", Tokens.user("codex-expiring"),
				"openai/gpt-4o-mini", this.proxy, "Say hello");

		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.output()).contains(ANSWER);
		assertThat(OpenRouterStub.mintRequests()).hasSize(1);
		assertThat(bearers(OpenRouterStub.RESPONSES)).contains("Bearer " + EXPIRED_KEY);
	}

	@ParameterizedTest(name = "{0} with {1}")
	@CsvSource({ "anthropic/claude-sonnet-4.6, ANTHROPIC_AUTH_TOKEN", "anthropic/claude-sonnet-4.6, ANTHROPIC_API_KEY",
			"anthropic/claude-haiku-4.5, ANTHROPIC_AUTH_TOKEN", "anthropic/claude-haiku-4.5, ANTHROPIC_API_KEY" })
	void claudeCodeAnswersWithItsOwnDefaults(String model, String tokenVariable) throws Exception {
		CodingAgents.Run run = CodingAgents.claude(base(), tokenVariable, Tokens.user("claude-user"), model,
				"anthropic/claude-haiku-4.5", this.proxy, "Say hello");

		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.output()).contains(ANSWER);
		LoggedRequest request = last(OpenRouterStub.MESSAGES);
		JsonNode sent = json(request.getBodyAsString());
		assertThat(sent.path("model").asString()).isEqualTo(model);
		assertThat(sent.path("max_tokens").asInt()).isEqualTo(32000);
		assertThat(sent.path("thinking").path("type").asString()).isIn("adaptive", "enabled");
		assertThat(sent.path("context_management").path("edits").get(0).path("type").asString())
			.startsWith("clear_thinking");
		assertThat(sent.path("metadata").path("user_id").asString()).doesNotContain("device_id");
		assertThat(request.getHeader("anthropic-beta")).contains("claude-code-20250219");
		if (model.endsWith("sonnet-4.6")) {
			assertThat(sent.path("output_config").path("effort").asString()).isEqualTo("high");
		}
	}

	@Test
	void claudeCodeAnswersAfterTheUsersKeyExpiredWithOneMint() throws Exception {
		StoredKeys.seed("claude-expiring", EXPIRED_KEY, "hash-claude-expiring");
		OpenRouterStub.agentApisReject(EXPIRED_KEY, 401, "User not found.");

		CodingAgents.Run run = CodingAgents.claude(base(), "ANTHROPIC_AUTH_TOKEN", Tokens.user("claude-expiring"),
				"anthropic/claude-sonnet-4.6", "anthropic/claude-haiku-4.5", this.proxy, "Say hello");

		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.output()).contains(ANSWER);
		assertThat(OpenRouterStub.mintRequests()).hasSize(1);
		assertThat(bearers(OpenRouterStub.MESSAGES)).contains("Bearer " + EXPIRED_KEY);
	}

	@Test
	void theDocsSetTheAgentsUpAsTheseTestsRunThem() throws Exception {
		String docs = java.nio.file.Files.readString(CodingAgents.DOCS);

		assertThat(CodingAgents.documentedCodexConfig()).contains("wire_api = \"responses\"", "env_key = \"USER_TOKEN\"");
		assertThat(docs).contains("export ANTHROPIC_BASE_URL=http://localhost:8080 ANTHROPIC_AUTH_TOKEN=\"$USER_TOKEN\"")
			.contains("export ANTHROPIC_MODEL=anthropic/claude-sonnet-4.6 "
					+ "ANTHROPIC_SMALL_FAST_MODEL=anthropic/claude-haiku-4.5");
	}

	/** An operator who allows a server tool lets the agent's tool through, with its uses bounded. */
	@Nested
	@TestPropertySource(properties = { OperatorAllowances.SERVER_TOOLS, OperatorAllowances.BETAS,
			OperatorAllowances.CACHE_TTL_1H, OperatorAllowances.PASSTHROUGH })
	class WithWebSearchAllowed {

		@Test
		void codexsWebSearchToolGoesOn() throws Exception {
			CodingAgents.Run run = CodingAgents.codex(base() + "/v1", Tokens.user("codex-user"), "openai/gpt-4o-mini",
					CodingAgentsIntegrationTests.this.proxy, "Say hello");

			assertThat(run.exitCode()).as(run.output()).isZero();
			assertThat(lastBody(OpenRouterStub.RESPONSES).path("tools")
				.valueStream()
				.map((tool) -> tool.path("type").asString())).contains("web_search");
		}

	}

	private String base() {
		return "http://127.0.0.1:" + this.port;
	}

	private Map<String, Long> agentStatuses() {
		Map<String, Long> statuses = new TreeMap<>();
		for (String uri : List.of("/v1/responses", "/v1/messages")) {
			Search.in(this.meters).name("http.server.requests").tag("uri", uri).timers().forEach((timer) -> statuses
				.merge(timer.getId().getTag("status"), timer.count(), Long::sum));
		}
		return statuses;
	}

	private static LoggedRequest last(String path) {
		List<LoggedRequest> requests = OpenRouterStub.requests("POST", path);
		assertThat(requests).as("requests that reached " + path).isNotEmpty();
		return requests.get(requests.size() - 1);
	}

	private static JsonNode lastBody(String path) {
		return json(last(path).getBodyAsString());
	}

	private static List<String> bearers(String path) {
		return OpenRouterStub.requests("POST", path).stream().map((request) -> request.getHeader("Authorization")).toList();
	}

	private static JsonNode json(String text) {
		return JsonMapper.shared().readTree(text);
	}

}
