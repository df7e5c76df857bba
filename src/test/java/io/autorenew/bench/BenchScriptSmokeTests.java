package io.autorenew.bench;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.autorenew.support.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the benchmark ({@code bench/}) from rotting without running it: the scripts parse, the
 * stubs bind to loopback only, and the tokens the benchmark signs are valid HS256 tokens. Runs in
 * a second or two, needs no network; skipped where bash, node or python3 is missing.
 */
class BenchScriptSmokeTests {

	private static final Path BENCH = Path.of("bench");

	@TempDir
	Path tmp;

	@Test
	void benchmarkFilesAreThere() {
		for (String file : List.of("run.sh", "load.lua", "stub.js", "burst.js", "tokens.py", "cpu.py",
				"jfr_summary.py", "report.py", "streams.py", "threads.py", "storm_timeline.py", "fleet-limit.sh",
				"store-commit.sh",
				"test-classpath.sh", "tls-hop.sh", "nginx-stub.conf", "nginx-hop.conf", "nginx-front.conf",
				"lean-reference/pom.xml", "reactor-hop/pom.xml", "gateway-hop/pom.xml")) {
			assertThat(BENCH.resolve(file)).as(file).isRegularFile();
		}
	}

	@Test
	void theScriptsThatRunATestClassParse() throws Exception {
		Tools.require("bash", "bash");
		for (String script : List.of("fleet-limit.sh", "store-commit.sh", "test-classpath.sh", "tls-hop.sh")) {
			assertThat(run("bash", "-n", BENCH.resolve(script).toString()).exitCode).as(script).isZero();
		}
	}

	@Test
	void runScriptParsesAndCleansUpAfterItself() throws Exception {
		Tools.require("bash", "bash");
		assertThat(run("bash", "-n", BENCH.resolve("run.sh").toString()).exitCode).isZero();
		String script = Files.readString(BENCH.resolve("run.sh"));
		assertThat(script).contains("set -euo pipefail").contains("trap cleanup EXIT").contains("--smoke");
	}

	@Test
	void nodeScriptsParse() throws Exception {
		Tools.require("node", "nodejs");
		for (String file : List.of("stub.js", "burst.js")) {
			Result result = run("node", "--check", BENCH.resolve(file).toString());
			assertThat(result.exitCode).as(file + ": " + result.output).isZero();
		}
	}

	/**
	 * The stand-in answers {@code GET /keys/{hash}} like OpenRouter: the renewal reads the old key's
	 * spend there, and an empty list made every renewal of the benchmark retry (P3 minted 966 of 1,000).
	 */
	@Test
	void standInDescribesAKeyUntilItIsDeleted() throws Exception {
		Tools.require("node", "nodejs");
		int port;
		try (ServerSocket free = new ServerSocket(0)) {
			port = free.getLocalPort();
		}
		ProcessBuilder builder = new ProcessBuilder("node", BENCH.resolve("stub.js").toString()).redirectErrorStream(true)
			.redirectOutput(this.tmp.resolve("stub.log").toFile());
		builder.environment().put("STUB_PORT", Integer.toString(port));
		Process stub = builder.start();
		HttpClient http = HttpClient.newHttpClient();
		try {
			String base = "http://127.0.0.1:" + port + "/api/v1/keys";
			String management = "Bearer sk-or-v1-bench-management";
			HttpResponse<String> minted = awaitMint(http, base, management);
			assertThat(minted.statusCode()).isEqualTo(201);
			String hash = minted.body().replaceAll("(?s).*\"hash\":\"([0-9a-f]+)\".*", "$1");

			HttpResponse<String> described = send(http, "GET", base + "/" + hash, management, null);
			assertThat(described.statusCode()).isEqualTo(200);
			assertThat(described.body()).contains("\"hash\":\"" + hash + "\"").contains("\"usage\":0");
			assertThat(send(http, "GET", base + "/" + hash, "Bearer sk-or-v1-other", null).statusCode()).isEqualTo(401);

			assertThat(send(http, "DELETE", base + "/" + hash, management, null).statusCode()).isEqualTo(200);
			assertThat(send(http, "GET", base + "/" + hash, management, null).statusCode()).isEqualTo(404);
		}
		finally {
			stub.destroy();
			stub.waitFor(10, TimeUnit.SECONDS);
		}
	}

	/** The first mint, retried while node is still opening its port (bounded: 10 s). */
	private static HttpResponse<String> awaitMint(HttpClient http, String base,
			String management) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (true) {
			try {
				return send(http, "POST", base, management, "{\"name\":\"analysis-service:u1:m1\",\"limit\":5}");
			}
			catch (ConnectException ex) {
				if (System.nanoTime() > deadline) {
					throw ex;
				}
				Thread.onSpinWait();
			}
		}
	}

	private static HttpResponse<String> send(HttpClient http, String method, String url,
			String authorization, String body) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url))
			.header("Authorization", authorization)
			.header("Content-Type", "application/json")
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
					: HttpRequest.BodyPublishers.noBody())
			.timeout(Duration.ofSeconds(10))
			.build();
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void pythonScriptsParse() throws Exception {
		Tools.require("python3", "python3");
		for (String file : List.of("tokens.py", "cpu.py", "jfr_summary.py", "report.py", "streams.py",
				"threads.py", "storm_timeline.py")) {
			Result result = run("python3", "-c", "import ast, sys; ast.parse(open(sys.argv[1]).read())",
					BENCH.resolve(file).toString());
			assertThat(result.exitCode).as(file + ": " + result.output).isZero();
		}
	}

	@Test
	void everythingBindsToLoopbackOnly() throws IOException {
		for (String file : List.of("nginx-stub.conf", "nginx-hop.conf", "nginx-front.conf")) {
			String conf = Files.readString(BENCH.resolve(file));
			assertThat(conf).as(file).contains("listen 127.0.0.1:@PORT@").doesNotContain("0.0.0.0");
		}
		assertThat(Files.readString(BENCH.resolve("stub.js"))).contains("server.listen(PORT, '127.0.0.1'");
	}

	@Test
	void benchmarkTokensAreValidHs256Tokens() throws Exception {
		Tools.require("python3", "python3");
		String secret = "0123456789abcdef0123456789abcdef-bench";
		Path out = this.tmp.resolve("tokens.txt");
		Result result = run("python3", BENCH.resolve("tokens.py").toString(), secret, "bench-user", "2",
				out.toString());
		assertThat(result.exitCode).as(result.output).isZero();
		List<String> tokens = Files.readAllLines(out);
		assertThat(tokens).hasSize(2);
		SignedJWT jwt = SignedJWT.parse(tokens.get(1));
		assertThat(jwt.verify(new MACVerifier(secret.getBytes(StandardCharsets.UTF_8)))).isTrue();
		assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("HS256");
		assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("bench-user-00002");
		assertThat(jwt.getJWTClaimsSet().getExpirationTime()).isInTheFuture();
	}

	@Test
	void stormTimelineTellsWhenTheKeyCameAndWhenTheBurstEnded() throws Exception {
		Tools.require("python3", "python3");
		Instant storm = Instant.parse("2026-12-07T10:00:00Z");
		Instant control = storm.plusSeconds(2);
		List<String> log = new ArrayList<>();
		for (int i = 0; i < 450; i++) {
			// the storm's calls arrive over 0..89 ms and are answered from 170 ms on, once the key came at 150 ms
			log.add(access(storm.plusMillis(170 + i / 5), 170));
		}
		log.add(renewal(storm.plusMillis(10), "Old key expired: ****abcd"));
		log.add(renewal(storm.plusMillis(40), "Creating new runtime key for user u"));
		log.add(renewal(storm.plusMillis(150), "New key created and saved: ****efgh"));
		for (int i = 0; i < 450; i++) {
			log.add(access(control.plusMillis(i / 5 + 20), 20));
		}
		for (int i = 0; i < 5; i++) {
			log.add(access(control.plusSeconds(5).plusMillis(i), 1));
		}
		Path file = this.tmp.resolve("service.log");
		Files.write(file, log);

		Result result = run("python3", BENCH.resolve("storm_timeline.py").toString(), file.toString());

		assertThat(result.exitCode).as(result.output).isZero();
		assertThat(result.output.lines().toList()).containsExactly(
				"storm   n=450 arrivals 0..89 first answer 170 last 259 server p50 170 p99 170 "
						+ "old@10 creating@40 new@150",
				"control n=450 arrivals 0..89 first answer 20 last 109 server p50 20 p99 20");
	}

	private static String access(Instant end, long tookMillis) {
		return end + "  INFO 1 --- [analysis-service] [t-handler-1] [id] io.autorenew.access                      "
				+ ": POST /analysis 200 ok " + tookMillis + "ms user=5d78ef700bafa993";
	}

	private static String renewal(Instant at, String message) {
		return at + "  INFO 1 --- [analysis-service] [key-renewal-1-2] [id] io.autorenew.renewal.KeyReplacement      "
				+ ": [Auto-Renewal] " + message;
	}

	private static Result run(String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
		process.getOutputStream().close();
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("timed out: " + String.join(" ", command));
		}
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		return new Result(process.exitValue(), output);
	}

	private record Result(int exitCode, String output) {
	}

}
