package io.autorenew;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.autorenew.support.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment files, checked offline by the real tools, since no Docker engine runs here:
 * {@code docker-compose config} (Debian's {@code docker-compose} package) accepts
 * {@code docker-compose.yml} with the settings of {@code .env.example}, and resolves it to the
 * stack docs/production.md describes; {@code nginx -t} (Debian's {@code nginx}) accepts the load
 * balancer's config. {@code .ci/run} installs both; without them these tests fail and name the
 * package.
 */
class DeploymentFilesTests {

	private static final Path COMPOSE = Path.of("docker-compose.yml");

	private static final Path NGINX = Path.of("ops", "nginx", "nginx.conf");

	private static final Pattern UPSTREAM_SERVER = Pattern.compile("server (analysis-service-\\d+):8080");

	@TempDir
	Path project;

	@Test
	void composeAcceptsTheFileWithTheExampleSettings() throws Exception {
		copyProject();

		run("docker-compose", "docker-compose", "--project-directory", this.project.toString(), "-f",
				this.project.resolve("docker-compose.yml").toString(), "config", "-q");
	}

	@Test
	void composeResolvesAReplicaSetTwoReplicasALoadBalancerAndAnObservabilityProfile() throws Exception {
		copyProject();

		Map<String, Object> config = resolved("--profile", "observability");
		Map<String, Map<String, Object>> services = map(config.get("services"));

		assertThat(services).containsKeys("mongo1", "mongo2", "mongo3", "mongo-init", "analysis-service-1",
				"analysis-service-2", "nginx", "prometheus", "grafana");
		for (String observability : List.of("prometheus", "grafana")) {
			assertThat(services.get(observability).get("profiles")).asList().containsExactly("observability");
		}
		assertThat(services.get("nginx")).doesNotContainKey("profiles");
		for (String mongo : List.of("mongo1", "mongo2", "mongo3")) {
			assertThat(services.get(mongo).get("image")).isEqualTo("mongo:8");
			assertThat(services.get(mongo).get("command").toString()).contains("--replSet", "rs0");
			assertThat(services.get(mongo)).containsKey("healthcheck").doesNotContainKey("ports");
		}
		assertThat(services.get("mongo-init").get("entrypoint").toString()).contains("/init-replica-set.js");
		Set<String> instanceIds = new LinkedHashSet<>();
		for (String replica : List.of("analysis-service-1", "analysis-service-2")) {
			Map<String, Object> service = services.get(replica);
			Map<String, Object> environment = map(service.get("environment"));
			instanceIds.add((String) environment.get("INSTANCE_ID"));
			assertThat((String) environment.get("MONGODB_URI"))
				.startsWith("mongodb://mongo1:27017,mongo2:27017,mongo3:27017/")
				.contains("replicaSet=rs0", "w=majority", "readPreference=primary");
			assertThat(environment.get("STORE_REQUIRE_EXTERNAL")).isEqualTo("true");
			assertThat(service.get("healthcheck").toString()).contains("/actuator/health/readiness");
			assertThat(service).containsKeys("mem_limit", "stop_grace_period").doesNotContainKey("ports");
			assertThat(map(service.get("depends_on")).get("mongo-init").toString())
				.contains("service_completed_successfully");
		}
		assertThat(instanceIds).as("each replica its own INSTANCE_ID").hasSize(2);
		assertThat(services.get("nginx").get("ports").toString()).contains("8080");
		assertThat(map(services.get("nginx").get("depends_on")).keySet()).containsExactlyInAnyOrder(
				"analysis-service-1", "analysis-service-2");
	}

	@Test
	void nginxAcceptsTheLoadBalancerConfig() throws Exception {
		String config = Files.readString(NGINX, StandardCharsets.UTF_8);
		// No Docker DNS here: the replicas' names become loopback ports, and nothing else changes.
		Matcher servers = UPSTREAM_SERVER.matcher(config);
		StringBuilder local = new StringBuilder();
		int port = 18081;
		while (servers.find()) {
			servers.appendReplacement(local, "server 127.0.0.1:" + port++);
		}
		servers.appendTail(local);
		assertThat(port).as("upstream servers").isEqualTo(18083);
		Files.createDirectories(this.project.resolve("logs"));
		Path copy = this.project.resolve("nginx.conf");
		Files.writeString(copy, local.toString(), StandardCharsets.UTF_8);

		String output = run("nginx", "nginx", "-t", "-p", this.project.toString(), "-c", copy.toString());

		assertThat(output).contains("syntax is ok", "test is successful");
	}

	@Test
	void theLoadBalancerPrometheusAndComposeNameTheSameReplicas() throws IOException {
		Set<String> upstream = new LinkedHashSet<>();
		Matcher servers = UPSTREAM_SERVER.matcher(Files.readString(NGINX, StandardCharsets.UTF_8));
		while (servers.find()) {
			upstream.add(servers.group(1));
		}
		String prometheus = Files.readString(Path.of("ops", "prometheus.yml"), StandardCharsets.UTF_8);
		String compose = Files.readString(COMPOSE, StandardCharsets.UTF_8);

		assertThat(upstream).containsExactly("analysis-service-1", "analysis-service-2");
		for (String replica : upstream) {
			assertThat(prometheus).contains("\"" + replica + ":8080\"");
			assertThat(compose).contains("\n  " + replica + ":\n").contains("INSTANCE_ID: " + replica);
		}
	}

	@Test
	void theNginxLimitsMatchTheServicesDefaults() throws IOException {
		String config = Files.readString(NGINX, StandardCharsets.UTF_8);
		String settings = Files.readString(Path.of("src", "main", "java", "io", "autorenew", "web", "RequestProperties.java"),
				StandardCharsets.UTF_8);

		assertThat(settings).contains("@DefaultValue(\"1MB\") DataSize maxSize");
		assertThat(config).contains("client_max_body_size 1m;", "large_client_header_buffers 4 8k;",
				"proxy_buffering off;", "proxy_set_header X-Request-Id $req_id;");
	}

	@Test
	void theBuildContextKeepsWhatTheDockerfileReads() throws IOException {
		String dockerfile = Files.readString(Path.of("Dockerfile"), StandardCharsets.UTF_8);
		List<String> ignored = Files.readAllLines(Path.of(".dockerignore"), StandardCharsets.UTF_8);

		assertThat(dockerfile).contains("COPY pom.xml .", "COPY src ./src", "source=bench/aot-train.sh");
		assertThat(ignored).doesNotContain("src/", "pom.xml")
			.contains("bench/", "!bench/aot-train.sh", "target/", "data/", ".env", "ops/");
		assertThat(ignored.indexOf("!bench/aot-train.sh")).as("the exception comes after the exclusion")
			.isGreaterThan(ignored.indexOf("bench/"));
	}

	/** The Java the docs say the image runs is the one its stages are built from. */
	@Test
	void theDocsNameTheJavaOfTheImage() throws IOException {
		String dockerfile = Files.readString(Path.of("Dockerfile"), StandardCharsets.UTF_8);
		String production = Files.readString(Path.of("docs", "production.md"), StandardCharsets.UTF_8);
		Matcher build = Pattern.compile("(?m)^FROM maven:[\\w.]+-eclipse-temurin-(\\d+) AS build$").matcher(dockerfile);
		Matcher run = Pattern.compile("(?m)^FROM eclipse-temurin:(\\d+)-jre$").matcher(dockerfile);
		Matcher documented = Pattern.compile("the container image runs Java (\\d+)").matcher(production);

		assertThat(build.find() && run.find() && documented.find()).as("the two FROM lines and docs/production.md's Java")
			.isTrue();
		assertThat(run.group(1)).isEqualTo(build.group(1)).isEqualTo(documented.group(1));
	}

	private void copyProject() throws IOException {
		Files.copy(COMPOSE, this.project.resolve("docker-compose.yml"));
		// .env is the operator's; the example's values are what the file is checked with
		Files.copy(Path.of(".env.example"), this.project.resolve(".env"));
	}

	private Map<String, Object> resolved(String... options) throws Exception {
		List<String> command = new ArrayList<>(List.of("docker-compose", "--project-directory",
				this.project.toString(), "-f", this.project.resolve("docker-compose.yml").toString()));
		command.addAll(List.of(options));
		command.add("config");
		String output = run("docker-compose", command.toArray(String[]::new));
		return new Yaml().load(output);
	}

	@SuppressWarnings("unchecked")
	private static <T> Map<String, T> map(Object value) {
		return (Map<String, T>) value;
	}

	/** Runs {@code command}, failing unless it exits 0; its standard output, and its errors for nginx. */
	private static String run(String debianPackage, String... command) throws Exception {
		Tools.require(command[0], debianPackage);
		ProcessBuilder builder = new ProcessBuilder(command);
		Process process = ("nginx".equals(command[0]) ? builder.redirectErrorStream(true)
				: builder.redirectError(ProcessBuilder.Redirect.DISCARD)).start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (process.exitValue() != 0) {
			Process again = new ProcessBuilder(command).redirectErrorStream(true).start();
			again.waitFor(60, TimeUnit.SECONDS);
			throw new AssertionError(String.join(" ", command) + " failed:\n"
					+ new String(again.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
		}
		return output;
	}

}
