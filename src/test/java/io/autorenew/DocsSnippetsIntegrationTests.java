package io.autorenew;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import io.autorenew.support.NodeSdk;
import io.autorenew.support.Tokens;
import io.autorenew.support.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The docs run as written: every code block of README.md, {@code docs/*.md} and
 * AUTO_RENEWAL_GUIDE.md runs against the
 * demo (the {@code demo} profile, in process, on a free port), or is marked, right above it, as
 * {@code <!-- not run by the docs test: why -->}.
 * <ul>
 * <li>{@code bash} blocks run with {@code bash -e} in document order (README first), with the
 * demo's {@code USER_TOKEN} and {@code ADMIN_TOKEN} set and {@code localhost:8080} pointed at
 * the demo. {@code curl} is a wrapper that reports each answer's status: every status must be
 * 2xx, or named by a {@code <!-- docs-test: statuses 401 -->} mark above the block; a
 * {@code <!-- docs-test: prints TEXT -->} mark asks for TEXT in what the block printed.</li>
 * <li>{@code javascript} blocks run with node and the official npm packages of the lock files;
 * {@code java} blocks are compiled against the official Java SDKs and run in a JVM of their own;
 * {@code json} blocks must parse.</li>
 * <li>{@code text} (output shown) and {@code mermaid} (a diagram) blocks are not code.</li>
 * </ul>
 * The shell blocks run first: the README's show a first mint and a renewal of {@code demo-user}'s
 * key, which the SDK blocks' calls would otherwise have used up.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DocsSnippetsIntegrationTests {

	private static final Pattern BLOCK = Pattern
		.compile("^(?:[ \\t]*<!-- (not run by the docs test|docs-test):([^>]*)-->\\n)?([ \\t]*)```(\\w*)\\n(.*?)^\\3```",
				Pattern.DOTALL | Pattern.MULTILINE);

	private static final Set<String> NOT_CODE = Set.of("text", "mermaid");

	private static final Path OPENAI_SDK = Path.of("src", "test", "node", "openai-sdk");

	private static final Path ANTHROPIC_SDK = Path.of("src", "test", "node", "anthropic-sdk");

	@TempDir
	static Path work;

	private static ConfigurableApplicationContext demo;

	private static int port;

	private static String secret;

	@BeforeAll
	static void startTheDemo() {
		demo = new SpringApplicationBuilder(GatewayApplication.class).profiles("demo")
			.properties("SERVER_PORT=0", "EMBEDDED_MONGO_DIR=" + work.resolve("data"))
			.run();
		port = Integer.parseInt(demo.getEnvironment().getProperty("local.server.port"));
		secret = demo.getEnvironment().getProperty("AUTH_JWT_SECRET");
	}

	@AfterAll
	static void stopTheDemo() {
		demo.close();
	}

	@Test
	void everyCodeBlockHasALanguageAndEveryMarkAReason() throws IOException {
		List<String> problems = new ArrayList<>();
		for (Snippet snippet : snippets()) {
			if (snippet.language().isEmpty()) {
				problems.add(snippet + ": a block without a language");
			}
			if (snippet.notRunnable() != null && snippet.notRunnable().isBlank()) {
				problems.add(snippet + ": marked not runnable without a reason");
			}
			if (snippet.notRunnable() == null && !NOT_CODE.contains(snippet.language())
					&& !Set.of("bash", "javascript", "java", "json").contains(snippet.language())) {
				problems.add(snippet + ": no test runs " + snippet.language() + "; mark it not runnable, with why");
			}
		}
		assertThat(problems).isEmpty();
	}

	@Test
	@Order(1)
	void everyShellBlockRunsAgainstTheDemo() throws Exception {
		Path bin = Files.createDirectories(work.resolve("bin"));
		Tools.require("curl", "curl");
		Tools.require("openssl", "openssl");
		Path curl = bin.resolve("curl");
		Files.writeString(curl, "#!/bin/sh\nexec " + realCurl() + " --write-out '%{stderr}docs-test-status %{http_code}\\n' \"$@\"\n");
		Files.setPosixFilePermissions(curl, PosixFilePermissions.fromString("rwxr-xr-x"));
		Path folder = Files.createDirectories(work.resolve("shell"));
		link(folder.resolve("bench"), Path.of("bench"));
		link(folder.resolve("bin"), Path.of("bin"));
		List<Snippet> run = runnable("bash");
		assertThat(run).as("shell blocks").hasSizeGreaterThanOrEqualTo(10);
		for (Snippet snippet : run) {
			Path script = folder.resolve("block.sh");
			Files.writeString(script, pointedAtTheDemo(snippet.code()));
			ProcessBuilder bash = new ProcessBuilder("bash", "-e", script.toString()).directory(folder.toFile());
			Map<String, String> environment = bash.environment();
			environment.put("PATH", bin.toAbsolutePath() + ":" + environment.get("PATH"));
			environment.put("USER_TOKEN", token("demo-user", null));
			environment.put("ADMIN_TOKEN", token("demo-admin", "admin"));
			environment.put("AUTH_JWT_SECRET", secret);
			Path out = folder.resolve("block.out");
			Path err = folder.resolve("block.err");
			Process process = bash.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
			assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", snippet).isTrue();
			String printed = Files.readString(out);
			String errors = Files.readString(err);
			assertThat(process.exitValue()).as("%s%n%s%n%s", snippet, printed, errors).isZero();
			Set<String> allowed = snippet.marked("statuses");
			Matcher status = Pattern.compile("docs-test-status (\\d+)").matcher(errors);
			int calls = 0;
			while (status.find()) {
				calls++;
				String code = status.group(1);
				assertThat(code.startsWith("2") || allowed.contains(code)).as("%s answered %s:%n%s", snippet, code, printed)
					.isTrue();
			}
			if (snippet.code().contains("curl ")) {
				assertThat(calls).as("%s called the demo", snippet).isPositive();
			}
			for (String expected : snippet.marked("prints")) {
				assertThat(printed).as("%s prints %s", snippet, expected).contains(expected);
			}
		}
	}

	@Test
	void everyJavaScriptBlockRunsAgainstTheDemo() throws Exception {
		List<Snippet> run = runnable("javascript");
		assertThat(run).as("JavaScript blocks").hasSizeGreaterThanOrEqualTo(2);
		NodeSdk.install(OPENAI_SDK, "openai");
		NodeSdk.install(ANTHROPIC_SDK, "@anthropic-ai/sdk");
		Path folder = Files.createDirectories(work.resolve("javascript"));
		Path modules = Files.createDirectories(folder.resolve("node_modules"));
		link(modules.resolve("openai"), OPENAI_SDK.resolve("node_modules").resolve("openai"));
		link(modules.resolve("@anthropic-ai"), ANTHROPIC_SDK.resolve("node_modules").resolve("@anthropic-ai"));
		for (int i = 0; i < run.size(); i++) {
			Path file = folder.resolve("snippet-" + i + ".mjs");
			Files.writeString(file, run.get(i).code(), StandardCharsets.UTF_8);
			ProcessBuilder node = new ProcessBuilder("node", file.getFileName().toString()).directory(folder.toFile());
			assertRunsAndPrints(run.get(i), node, folder.resolve("snippet-" + i + ".log"));
		}
	}

	@Test
	void everyJavaBlockCompilesAndRunsAgainstTheDemo() throws Exception {
		List<Snippet> run = runnable("java");
		assertThat(run).as("Java blocks").hasSizeGreaterThanOrEqualTo(2);
		Path folder = Files.createDirectories(work.resolve("java"));
		Path classes = folder.resolve("classes");
		List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "-classpath",
				System.getProperty("java.class.path"), "-proc:none"));
		List<String> mains = new ArrayList<>();
		for (Snippet snippet : run) {
			Matcher name = Pattern.compile("public class (\\w+)").matcher(snippet.code());
			assertThat(name.find()).as("%s is a public class", snippet).isTrue();
			Path source = folder.resolve(name.group(1) + ".java");
			Files.writeString(source, snippet.code(), StandardCharsets.UTF_8);
			arguments.add(source.toString());
			mains.add(name.group(1));
		}
		JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
		ByteArrayOutputStream errors = new ByteArrayOutputStream();
		assertThat(javac.run(null, null, errors, arguments.toArray(String[]::new))).as(errors.toString(StandardCharsets.UTF_8))
			.isZero();
		for (int i = 0; i < mains.size(); i++) {
			// C1 only and the serial collector, as the test JVMs run: a short program pays less for its JIT and GC.
			ProcessBuilder process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
					"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classes.toAbsolutePath() + File.pathSeparator + System.getProperty("java.class.path"),
					mains.get(i))
				.directory(folder.toFile());
			assertRunsAndPrints(run.get(i), process, folder.resolve(mains.get(i) + ".log"));
		}
	}

	@Test
	void everyJsonBlockParses() throws IOException {
		JsonMapper json = JsonMapper.builder().build();
		List<Snippet> blocks = runnable("json");
		assertThat(blocks).isNotEmpty();
		for (Snippet snippet : blocks) {
			assertThat(json.readTree(snippet.code())).as(snippet.toString()).isNotNull();
		}
	}

	private static void assertRunsAndPrints(Snippet snippet, ProcessBuilder process, Path log) throws Exception {
		process.redirectErrorStream(true);
		process.environment().put("ANALYSIS_SERVICE_URL", "http://127.0.0.1:" + port);
		process.environment().put("USER_TOKEN", token("demo-user", null));
		Process run = process.redirectOutput(log.toFile()).start();
		assertThat(run.waitFor(120, TimeUnit.SECONDS)).as("%s finished", snippet).isTrue();
		String output = Files.readString(log, StandardCharsets.UTF_8);
		assertThat(run.exitValue()).as("%s:%n%s", snippet, output).isZero();
		assertThat(output).as("%s printed an answer", snippet).isNotBlank();
	}

	private static String token(String user, String scope) {
		return Tokens.sign(secret, user, scope, Instant.now().plus(Duration.ofMinutes(30)));
	}

	private static String pointedAtTheDemo(String code) {
		return code.replace("http://localhost:8080", "http://127.0.0.1:" + port);
	}

	private static String realCurl() {
		for (String dir : System.getenv("PATH").split(":")) {
			if (Files.isExecutable(Path.of(dir, "curl"))) {
				return Path.of(dir, "curl").toString();
			}
		}
		throw new IllegalStateException("curl is not on the PATH (Debian: apt-get install curl)");
	}

	private static List<Snippet> runnable(String language) throws IOException {
		return snippets().stream()
			.filter((snippet) -> snippet.language().equals(language) && snippet.notRunnable() == null)
			.toList();
	}

	/** The docs a reader follows: README.md, then docs/*.md in name order, then the guide. */
	static List<Path> documents() throws IOException {
		List<Path> files = new ArrayList<>(List.of(Path.of("README.md")));
		try (Stream<Path> docs = Files.list(Path.of("docs"))) {
			docs.filter((f) -> f.toString().endsWith(".md")).sorted().forEach(files::add);
		}
		files.add(Path.of("AUTO_RENEWAL_GUIDE.md"));
		return files;
	}

	/** Every fenced block of the {@link #documents()}, in their order. */
	static List<Snippet> snippets() throws IOException {
		List<Snippet> snippets = new ArrayList<>();
		for (Path file : documents()) {
			String text = Files.readString(file, StandardCharsets.UTF_8);
			Matcher block = BLOCK.matcher(text);
			while (block.find()) {
				int line = (int) text.substring(0, block.start(4)).lines().count();
				boolean notRunnable = "not run by the docs test".equals(block.group(1));
				String indent = block.group(3);
				String code = block.group(5).lines()
					.map((codeLine) -> codeLine.startsWith(indent) ? codeLine.substring(indent.length()) : codeLine)
					.collect(Collectors.joining("\n", "", "\n"));
				snippets.add(new Snippet(file + ":" + line, block.group(4), code,
						notRunnable ? block.group(2).trim() : null,
						"docs-test".equals(block.group(1)) ? block.group(2).trim() : ""));
			}
		}
		return snippets;
	}

	private static void link(Path link, Path target) throws IOException {
		if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
			Files.createSymbolicLink(link, target.toAbsolutePath());
		}
	}

	/**
	 * One fenced block.
	 * @param where file and line
	 * @param notRunnable why it is not run, or {@code null} when it is
	 * @param marks the {@code docs-test} marks above it: {@code statuses 401 403},
	 * {@code prints TEXT}, separated by {@code ;}
	 */
	record Snippet(String where, String language, String code, String notRunnable, String marks) {

		Set<String> marked(String kind) {
			Set<String> values = new TreeSet<>();
			for (String mark : this.marks.split(";")) {
				String trimmed = mark.trim();
				if (trimmed.startsWith(kind + " ")) {
					String value = trimmed.substring(kind.length() + 1).trim();
					if (kind.equals("statuses")) {
						values.addAll(List.of(value.split("\\s+")));
					}
					else {
						values.add(value);
					}
				}
			}
			return values;
		}

		@Override
		public String toString() {
			return this.where + " (" + this.language + ")";
		}

	}

}
