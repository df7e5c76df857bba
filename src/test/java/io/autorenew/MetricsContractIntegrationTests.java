package io.autorenew;

import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.autorenew.support.Api.Response;
import io.autorenew.support.IntegrationTest;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dashboards and alerts are built on these metric names and tags: they stay as the Boot 3.5
 * build exposed them (the lists below were read off its {@code /actuator/prometheus}).
 */
class MetricsContractIntegrationTests extends IntegrationTest {

	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? .*$");

	private static final Pattern TAG = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");

	@Test
	void metricNamesAndTagsStayAsDashboardsKnowThem() {
		this.api.analyse(Tokens.user("alice"), "{\"prompt\":\"hello\"}");
		this.api.get("/analysis/key", Tokens.user("alice"));

		Response prometheus = this.api.get("/actuator/prometheus", Tokens.admin());

		Map<String, String> families = families(prometheus.body());
		assertThat(families).containsAllEntriesOf(Map.of(
				"http_server_requests_seconds_count", "error,exception,method,outcome,status,uri",
				"http_server_requests_active_seconds_count", "exception,method,outcome,status,uri",
				"http_client_requests_seconds_count", "client_name,error,exception,method,outcome,status,uri",
				"mongodb_driver_commands_seconds_count", "cluster_id,collection,command,database,server_address,status",
				"mongodb_driver_pool_size", "cluster_id,server_address",
				"openrouter_keys_minted_total", "reason",
				"openrouter_keys_mint_duration_seconds_count", ""));
		assertThat(families).containsKeys("jvm_memory_used_bytes", "jvm_threads_live_threads",
				"process_cpu_usage", "tomcat_sessions_active_current_sessions");
	}

	/** Each sample's name with the sorted names of its tags. */
	private static Map<String, String> families(String exposition) {
		Map<String, String> families = new TreeMap<>();
		for (String line : exposition.split("\n")) {
			Matcher sample = SAMPLE.matcher(line);
			if (line.startsWith("#") || !sample.matches()) {
				continue;
			}
			TreeSet<String> tags = new TreeSet<>();
			Matcher tag = TAG.matcher((sample.group(3) != null) ? sample.group(3) : "");
			while (tag.find()) {
				tags.add(tag.group(1));
			}
			families.merge(sample.group(1), String.join(",", tags), (a, b) -> a);
		}
		return families;
	}

}
