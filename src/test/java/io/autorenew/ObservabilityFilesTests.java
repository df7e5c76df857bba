package io.autorenew;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.autorenew.support.IntegrationTest;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.StoredKeys;
import io.autorenew.support.Tokens;
import io.autorenew.support.Tools;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Prometheus files under {@code ops/} are what Prometheus accepts ({@code promtool}, from
 * Debian's {@code prometheus} package, which {@code .ci/run} installs), and every metric an alert
 * rule or a Grafana panel names is one the service exposes once it has served one request of
 * each kind: a renamed metric breaks the build, not the pager or the dashboard.
 */
class ObservabilityFilesTests extends IntegrationTest {

	private static final Path ALERTS = Path.of("ops", "alerts.yml");

	private static final Path DASHBOARD = Path.of("ops", "grafana", "dashboards", "analysis-service.json");

	/** PromQL words with an underscore that are not metric names. */
	private static final Set<String> PROMQL = Set.of("histogram_quantile", "label_replace", "count_values",
			"absent_over_time", "max_over_time", "min_over_time", "avg_over_time");

	/** Grafana's and PromQL's words that are not metric names. */
	private static final Set<String> GRAFANA = Set.of("__rate_interval", "label_values");

	private static final Pattern EXPR = Pattern.compile("expr:\\s*\\|?\\s*\\n?((?:.*\\n)*?)\\s*(?:for|labels):",
			Pattern.MULTILINE);

	@Test
	void promtoolAcceptsTheRulesAndTheConfig() throws Exception {
		assertThat(promtool("check", "rules", ALERTS.toString())).contains("SUCCESS");
		assertThat(promtool("check", "config", "--syntax-only", "ops/prometheus.yml")).contains("SUCCESS");
	}

	@Test
	void everyMetricAnAlertOrADashboardPanelNamesIsExposed() throws IOException {
		Set<String> exposed = exposedAfterOneRequestOfEachKind();

		Set<String> alerts = metricsNamedIn(Files.readString(ALERTS, StandardCharsets.UTF_8));
		Set<String> panels = metricsNamedInDashboard(Files.readString(DASHBOARD, StandardCharsets.UTF_8));

		assertThat(alerts).as("metrics the alerts name")
			.contains("http_server_requests_seconds_count", "http_server_requests_seconds_bucket",
					"openrouter_keys_mint_failures_total", "openrouter_provisioning_paused",
					"openrouter_caps_refusals_total", "store_available");
		assertThat(panels).as("metrics the dashboard names")
			.contains("http_server_requests_seconds_bucket", "openrouter_keys_minted_total",
					"openrouter_upstream_auth_failures_total", "openrouter_provisioning_paused",
					"openrouter_caps_refusals_total", "streams_open", "jvm_memory_used_bytes", "process_cpu_usage");
		assertThat(exposed).as("metrics the service exposes").containsAll(alerts).containsAll(panels);
	}

	@Test
	void theDashboardIsProvisionedFromTheFolderComposeMounts() throws IOException {
		JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
		String provider = Files.readString(Path.of("ops", "grafana", "provisioning", "dashboards",
				"analysis-service.yml"), StandardCharsets.UTF_8);
		String compose = Files.readString(Path.of("docker-compose.yml"), StandardCharsets.UTF_8);

		assertThat(dashboard.path("uid").asString()).isEqualTo("analysis-service");
		assertThat(dashboard.path("panels").size()).isGreaterThan(10);
		assertThat(provider).contains("path: /var/lib/grafana/dashboards");
		assertThat(compose).contains("./ops/grafana/dashboards:/var/lib/grafana/dashboards:ro")
			.contains("./ops/grafana/provisioning:/etc/grafana/provisioning:ro");
	}

	/**
	 * Serves an analysis (a first key minted), a stream, a renewal after a 401, the key status,
	 * an admin call, Chat Completions, the Responses API and the Messages API, then scrapes.
	 */
	private Set<String> exposedAfterOneRequestOfEachKind() {
		String prompt = "{\"prompt\":\"Summarise.\"}";
		assertThat(this.api.analyse(Tokens.user("alice"), prompt).status()).isEqualTo(200);
		assertThat(this.api.exchange("POST", "/analysis", Map.of("Authorization", "Bearer " + Tokens.user("alice"),
				"Content-Type", "application/json", "Accept", "text/event-stream"), prompt).statusCode())
			.isEqualTo(200);
		String expired = "sk-or-v1-" + "7".repeat(60) + "dead";
		StoredKeys.seed("bob", expired, "hash-bob");
		OpenRouterStub.chatRejects(expired, 401, "User not found.");
		assertThat(this.api.analyse(Tokens.user("bob"), prompt).json().path("keyRenewed").asBoolean()).isTrue();
		assertThat(this.api.get("/analysis/key", Tokens.user("alice")).status()).isEqualTo(200);
		assertThat(this.api.get("/admin/users/alice/openrouter-key", Tokens.admin()).status()).isEqualTo(200);
		assertThat(this.api.post("/v1/chat/completions", Tokens.user("alice"), "application/json",
				"{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
			.status()).isEqualTo(200);
		assertThat(this.api.post("/v1/responses", Tokens.user("alice"), "application/json",
				"{\"model\":\"openai/gpt-4o-mini\",\"input\":\"Hi\"}")
			.status()).isEqualTo(200);
		assertThat(this.api.post("/v1/messages", Tokens.user("alice"), "application/json",
				"{\"model\":\"anthropic/claude-haiku-4.5\",\"max_tokens\":64,"
						+ "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
			.status()).isEqualTo(200);
		assertThat(this.api.analyse(null, prompt).status()).isEqualTo(401);
		String scrape = this.api.get("/actuator/prometheus", Tokens.admin()).body();
		Set<String> exposed = new TreeSet<>();
		for (String line : scrape.split("\n")) {
			if (!line.startsWith("#") && !line.isBlank()) {
				exposed.add(line.split("[{ ]", 2)[0]);
			}
		}
		return exposed;
	}

	/** Metric names in every panel's queries. */
	static Set<String> metricsNamedInDashboard(String json) {
		StringBuilder expressions = new StringBuilder();
		for (JsonNode panel : new ObjectMapper().readTree(json).path("panels")) {
			for (JsonNode target : panel.path("targets")) {
				expressions.append("expr: ").append(target.path("expr").asString()).append("\nfor:\n");
			}
		}
		return metricsNamedIn(expressions.toString());
	}

	/** Metric names in the rules' expressions: words with an underscore, outside label matchers. */
	static Set<String> metricsNamedIn(String rules) {
		Set<String> names = new TreeSet<>();
		Matcher expr = EXPR.matcher(rules);
		while (expr.find()) {
			String expression = expr.group(1).replaceAll("\\{[^}]*\\}", "").replaceAll("\\[[^]]*\\]", "");
			Matcher word = Pattern.compile("[a-z_][a-z0-9_:]*").matcher(expression);
			while (word.find()) {
				String name = word.group();
				if (name.contains("_") && !PROMQL.contains(name) && !GRAFANA.contains(name)) {
					names.add(name);
				}
			}
		}
		return names;
	}

	private static String promtool(String... arguments) throws IOException, InterruptedException {
		String[] command = new String[arguments.length + 1];
		command[0] = "promtool";
		System.arraycopy(arguments, 0, command, 1, arguments.length);
		Tools.require("promtool", "prometheus");
		Process run = new ProcessBuilder(command).redirectErrorStream(true).start();
		assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
		String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(run.exitValue()).as(output).isZero();
		return output;
	}

}
