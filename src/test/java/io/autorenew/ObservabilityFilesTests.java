package io.autorenew;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.autorenew.support.IntegrationTest;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Prometheus files under {@code ops/} are what Prometheus accepts ({@code promtool}, from
 * Debian's {@code prometheus} package, which {@code .ci/run} installs), and every metric an alert
 * rule names is one the service exposes once it has served a request: a renamed metric breaks
 * the build, not the pager.
 */
class ObservabilityFilesTests extends IntegrationTest {

	private static final Path ALERTS = Path.of("ops", "alerts.yml");

	/** PromQL words with an underscore that are not metric names. */
	private static final Set<String> PROMQL = Set.of("histogram_quantile", "label_replace", "count_values",
			"absent_over_time", "max_over_time", "min_over_time", "avg_over_time");

	private static final Pattern EXPR = Pattern.compile("expr:\\s*\\|?\\s*\\n?((?:.*\\n)*?)\\s*(?:for|labels):",
			Pattern.MULTILINE);

	@Test
	void promtoolAcceptsTheRulesAndTheConfig() throws Exception {
		assertThat(promtool("check", "rules", ALERTS.toString())).contains("SUCCESS");
		assertThat(promtool("check", "config", "--syntax-only", "ops/prometheus.yml")).contains("SUCCESS");
	}

	@Test
	void everyMetricAnAlertNamesIsExposed() throws IOException {
		assertThat(this.api.analyse(Tokens.user("alice"), "{\"prompt\":\"Summarise.\"}").status()).isEqualTo(200);
		String scrape = this.api.get("/actuator/prometheus", Tokens.admin()).body();
		Set<String> exposed = new TreeSet<>();
		for (String line : scrape.split("\n")) {
			if (!line.startsWith("#") && !line.isBlank()) {
				exposed.add(line.split("[{ ]", 2)[0]);
			}
		}

		Set<String> named = metricsNamedIn(Files.readString(ALERTS, StandardCharsets.UTF_8));

		assertThat(named).as("metrics the alerts name")
			.contains("http_server_requests_seconds_count", "http_server_requests_seconds_bucket",
					"openrouter_keys_mint_failures_total", "openrouter_provisioning_paused",
					"openrouter_caps_refusals_total", "store_available");
		assertThat(exposed).as("metrics the service exposes").containsAll(named);
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
				if (name.contains("_") && !PROMQL.contains(name)) {
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
		Process run;
		try {
			run = new ProcessBuilder(command).redirectErrorStream(true).start();
		}
		catch (IOException missing) {
			throw new AssertionError("promtool is not installed: apt-get install prometheus (.ci/run does)", missing);
		}
		assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
		String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(run.exitValue()).as(output).isZero();
		return output;
	}

}
