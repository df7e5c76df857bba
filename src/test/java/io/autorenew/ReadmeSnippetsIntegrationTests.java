package io.autorenew;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import io.autorenew.support.IntegrationTest;
import io.autorenew.support.NodeSdk;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README's code runs as written: every {@code javascript} block is saved as a module and run
 * with node against this test server (with the official npm packages of the lock files), and
 * every {@code java} block is compiled against the official Java SDKs. Python cannot be
 * installed here (no PyPI); TOML and shell blocks are configuration.
 */
class ReadmeSnippetsIntegrationTests extends IntegrationTest {

	private static final Pattern BLOCK = Pattern.compile("```(\\w+)\\n(.*?)```", Pattern.DOTALL);

	private static final Path OPENAI_SDK = Path.of("src", "test", "node", "openai-sdk");

	private static final Path ANTHROPIC_SDK = Path.of("src", "test", "node", "anthropic-sdk");

	@Test
	void everyJavaScriptSnippetRunsAgainstTheService() throws Exception {
		List<String> snippets = blocks("javascript");
		assertThat(snippets).as("README has JavaScript snippets").hasSizeGreaterThanOrEqualTo(2);
		NodeSdk.install(OPENAI_SDK, "openai");
		NodeSdk.install(ANTHROPIC_SDK, "@anthropic-ai/sdk");
		Path folder = Files.createDirectories(Path.of("target", "readme-snippets", "javascript"));
		Path modules = Files.createDirectories(folder.resolve("node_modules"));
		link(modules.resolve("openai"), OPENAI_SDK.resolve("node_modules").resolve("openai"));
		link(modules.resolve("@anthropic-ai"), ANTHROPIC_SDK.resolve("node_modules").resolve("@anthropic-ai"));
		for (int i = 0; i < snippets.size(); i++) {
			Path file = folder.resolve("snippet-" + i + ".mjs");
			Files.writeString(file, snippets.get(i), StandardCharsets.UTF_8);
			ProcessBuilder node = new ProcessBuilder("node", file.getFileName().toString()).directory(folder.toFile())
				.redirectErrorStream(true);
			node.environment().put("ANALYSIS_SERVICE_URL", "http://127.0.0.1:" + this.port);
			node.environment().put("USER_TOKEN", Tokens.user("readme-user"));
			Path log = folder.resolve("snippet-" + i + ".log");
			Process run = node.redirectOutput(log.toFile()).start();
			assertThat(run.waitFor(60, TimeUnit.SECONDS)).as("snippet %d finished", i).isTrue();
			String output = Files.readString(log, StandardCharsets.UTF_8);
			assertThat(run.exitValue()).as("snippet %d:%n%s%n%s", i, snippets.get(i), output).isZero();
			assertThat(output).as("snippet %d printed the answer", i).contains("The text is short and clear.");
		}
	}

	@Test
	void everyJavaSnippetCompiles() throws Exception {
		List<String> snippets = blocks("java");
		assertThat(snippets).as("README has Java snippets").hasSizeGreaterThanOrEqualTo(2);
		Path folder = Files.createDirectories(Path.of("target", "readme-snippets", "java"));
		List<String> sources = new ArrayList<>();
		for (String snippet : snippets) {
			Matcher name = Pattern.compile("public class (\\w+)").matcher(snippet);
			assertThat(name.find()).as("a Java snippet is a public class:%n%s", snippet).isTrue();
			Path source = folder.resolve(name.group(1) + ".java");
			Files.writeString(source, snippet, StandardCharsets.UTF_8);
			sources.add(source.toString());
		}
		JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
		List<String> arguments = new ArrayList<>(List.of("-d", folder.resolve("classes").toString(), "-classpath",
				System.getProperty("java.class.path"), "-proc:none"));
		arguments.addAll(sources);
		java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
		int status = javac.run(null, null, errors, arguments.toArray(String[]::new));
		assertThat(status).as(errors.toString(StandardCharsets.UTF_8)).isZero();
	}

	private static List<String> blocks(String language) throws IOException {
		String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
		List<String> blocks = new ArrayList<>();
		Matcher block = BLOCK.matcher(readme);
		while (block.find()) {
			if (block.group(1).equals(language)) {
				blocks.add(block.group(2));
			}
		}
		return blocks;
	}

	private static void link(Path link, Path target) throws IOException {
		if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
			Files.createSymbolicLink(link, target.toAbsolutePath());
		}
	}

}
