package io.autorenew.store;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.autorenew.support.Api.Response;
import io.autorenew.support.Api;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.StoredKeys;
import io.autorenew.support.Tokens;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service in a child JVM on the embedded store, killed with {@code SIGKILL} while one mint
 * hangs and right after twenty answers. Acknowledged means durable: after a restart on the same
 * folder every answered user is served with the key they were answered with, nothing minted
 * again; and the claim the dead process held for the hung mint does not lock its user out.
 * One kill holds both cases, so the suite starts two child JVMs, not four.
 */
class KilledProcessIntegrationTests {

	private static final int USERS = 20;

	@TempDir
	Path dir;

	@BeforeEach
	void reset() {
		OpenRouterStub.reset();
	}

	@Test
	void answeredKeysSurviveASigkillAndAMintItCutShortLocksNobodyOut() throws Exception {
		Map<String, String> answered = new HashMap<>();
		Process first = start();
		try {
			Api api = awaitUp(first);
			for (int i = 0; i < USERS; i++) {
				String user = "killed-" + i;
				Response answer = api.analyse(Tokens.user(user), "{\"prompt\":\"hello\"}");
				assertThat(answer.status()).as(answer.body()).isEqualTo(200);
				answered.put(user, api.get("/analysis/key", Tokens.user(user)).json().path("keyHash").asString());
			}
			StubMapping hung = OpenRouterStub.mintTimesOut(Duration.ofSeconds(30));
			Thread caller = new Thread(() -> {
				try {
					api.analyse(Tokens.user("mid-mint"), "{\"prompt\":\"hello\"}");
				}
				catch (RuntimeException killed) {
					// the process dies under this call
				}
			});
			caller.setDaemon(true);
			caller.start();
			Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> OpenRouterStub.mintRequests().size() > USERS);
			OpenRouterStub.server().removeStub(hung);
		}
		finally {
			first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
		assertThat(OpenRouterStub.mintRequests()).hasSize(USERS + 1);

		Process second = start();
		try {
			Api api = awaitUp(second);
			for (Map.Entry<String, String> user : answered.entrySet()) {
				Response status = api.get("/analysis/key", Tokens.user(user.getKey()));
				assertThat(status.status()).as("key of %s after the kill: %s", user.getKey(), status.body())
					.isEqualTo(200);
				assertThat(status.json().path("keyHash").asString()).isEqualTo(user.getValue());
			}
			assertThat(OpenRouterStub.mintRequests()).as("nothing minted again").hasSize(USERS + 1);

			long started = System.nanoTime();
			Response answer = api.analyse(Tokens.user("mid-mint"), "{\"prompt\":\"hello\"}");
			Duration lockout = Duration.ofNanos(System.nanoTime() - started);

			assertThat(answer.status()).as(answer.body()).isEqualTo(200);
			assertThat(lockout).as("no wait for the dead process's claim").isLessThan(Duration.ofSeconds(3));
			assertThat(OpenRouterStub.mintRequests()).as("one new mint for the user the kill cut short")
				.hasSize(USERS + 2);
		}
		finally {
			second.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

	private int port;

	private Process start() throws IOException {
		try (ServerSocket free = new ServerSocket(0)) {
			this.port = free.getLocalPort();
		}
		// C1 only and the serial collector, as the test JVMs run: a start costs less CPU, and nothing here is about
		// peak speed.
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "io.autorenew.GatewayApplication",
				"--server.port=" + this.port));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(Files.createTempFile(this.dir.getParent(), "killed", ".log").toFile());
		Map<String, String> environment = builder.environment();
		environment.put("EMBEDDED_MONGO_DIR", this.dir.resolve("data").toString());
		environment.put("MONGODB_URI", "");
		environment.put("OPENROUTER_BASE_URL", OpenRouterStub.baseUrl());
		environment.put("OPENROUTER_PROVISIONING_KEY", OpenRouterStub.MANAGEMENT_KEY);
		environment.put("AUTH_JWT_SECRET", Tokens.SECRET);
		environment.put("KEY_ENCRYPTION_KEY", StoredKeys.ENCRYPTION_KEY);
		environment.put("OPENROUTER_RECONCILE_ENABLED", "false");
		environment.put("RATE_LIMIT_PER_MINUTE", "100000");
		environment.remove("SPRING_PROFILES_ACTIVE");
		return builder.start();
	}

	private Api awaitUp(Process process) {
		Api api = new Api(this.port);
		Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
			assertThat(process.isAlive()).as("the child JVM runs").isTrue();
			try {
				return api.get("/actuator/health/liveness", null).status() == 200;
			}
			catch (RuntimeException notYet) {
				return false;
			}
		});
		return api;
	}

}
