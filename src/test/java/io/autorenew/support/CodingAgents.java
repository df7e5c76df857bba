package io.autorenew.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the real coding agents, Codex CLI and Claude Code, from {@code src/test/node/agents}'s
 * lock file ({@code npm ci} once per checkout), each with a throwaway HOME, telemetry and
 * updates off, and every host but the loopback sent to a {@link RefusingProxy}.
 */
public final class CodingAgents {

	public static final Path FOLDER = Path.of("src", "test", "node", "agents");

	/** Where docs/agents.md sets the agents up. */
	public static final Path DOCS = Path.of("docs", "agents.md");

	private static final String DOCS_BASE_URL = "http://localhost:8080";

	private static final String DOCS_CODEX_MODEL = "openai/gpt-4o-mini";

	/** The {@code config.toml} docs/agents.md gives Codex CLI. */
	public static String documentedCodexConfig() throws IOException {
		String docs = Files.readString(DOCS, StandardCharsets.UTF_8);
		int start = docs.indexOf("```toml\n");
		assertThat(start).as("docs/agents.md has Codex's config.toml").isNotNegative();
		return docs.substring(start + "```toml\n".length(), docs.indexOf("```", start + 7));
	}

	private CodingAgents() {
	}

	/** What an agent printed and how it exited. */
	public record Run(int exitCode, String output) {
	}

	/**
	 * Runs {@code codex exec} against {@code baseUrl} (the service's {@code /v1}) with the
	 * user's token in {@code USER_TOKEN}, with the {@code config.toml} docs/agents.md gives (its
	 * base URL and model replaced, update checks and analytics off).
	 */
	public static Run codex(String baseUrl, String token, String model, RefusingProxy proxy, String prompt)
			throws IOException, InterruptedException {
		Path home = Files.createTempDirectory("codex-home");
		Path codexHome = Files.createDirectories(home.resolve(".codex"));
		String documented = documentedCodexConfig();
		assertThat(documented).contains(DOCS_BASE_URL + "/v1").contains("model = \"" + DOCS_CODEX_MODEL + "\"");
		Files.writeString(codexHome.resolve("config.toml"), "check_for_update_on_startup = false\n"
				+ documented.replace(DOCS_BASE_URL + "/v1", baseUrl).replace(DOCS_CODEX_MODEL, model)
				+ "\n[analytics]\nenabled = false\n");
		Map<String, String> environment = environment(home, proxy);
		environment.put("CODEX_HOME", codexHome.toString());
		environment.put("USER_TOKEN", token);
		return run(List.of(bin("codex"), "exec", "--skip-git-repo-check", "--sandbox", "read-only", prompt), home,
				environment);
	}

	/**
	 * Runs {@code claude -p} against {@code baseUrl} (the service's root), with the user's
	 * token as {@code ANTHROPIC_AUTH_TOKEN} or {@code ANTHROPIC_API_KEY}, exactly as
	 * docs/agents.md sets Claude Code up.
	 */
	public static Run claude(String baseUrl, String tokenVariable, String token, String model, String smallModel,
			RefusingProxy proxy, String prompt) throws IOException, InterruptedException {
		Path home = Files.createTempDirectory("claude-home");
		Map<String, String> environment = environment(home, proxy);
		environment.put("ANTHROPIC_BASE_URL", baseUrl);
		environment.put(tokenVariable, token);
		environment.put("ANTHROPIC_MODEL", model);
		environment.put("ANTHROPIC_SMALL_FAST_MODEL", smallModel);
		environment.put("DISABLE_TELEMETRY", "1");
		environment.put("DISABLE_AUTOUPDATER", "1");
		environment.put("DISABLE_ERROR_REPORTING", "1");
		environment.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
		return run(List.of(bin("claude"), "-p", prompt), home, environment);
	}

	private static Map<String, String> environment(Path home, RefusingProxy proxy) {
		Map<String, String> environment = new java.util.HashMap<>();
		environment.put("PATH", System.getenv("PATH"));
		environment.put("HOME", home.toString());
		environment.put("TMPDIR", System.getProperty("java.io.tmpdir"));
		for (String name : List.of("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY")) {
			environment.put(name, proxy.url());
		}
		environment.put("NO_PROXY", "127.0.0.1,localhost");
		environment.put("no_proxy", "127.0.0.1,localhost");
		return environment;
	}

	private static String bin(String name) throws IOException, InterruptedException {
		NodeSdk.install(FOLDER, ".bin/" + name);
		return FOLDER.resolve("node_modules").resolve(".bin").resolve(name).toAbsolutePath().toString();
	}

	private static Run run(List<String> command, Path home, Map<String, String> environment)
			throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(home.toFile())
			.redirectErrorStream(true)
			.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
		builder.environment().clear();
		builder.environment().putAll(environment);
		Path log = Files.createTempFile("agent", ".log");
		Process process = builder.redirectOutput(log.toFile()).start();
		boolean finished = process.waitFor(180, TimeUnit.SECONDS);
		if (!finished) {
			process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
		String output = Files.readString(log, StandardCharsets.UTF_8);
		assertThat(finished).as("the agent finished within 180 s:\n" + output).isTrue();
		return new Run(process.exitValue(), output);
	}

}
