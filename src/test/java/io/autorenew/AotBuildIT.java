package io.autorenew;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.autorenew.security.OidcIssuerStub;
import io.autorenew.support.Api;
import io.autorenew.support.Api.Response;
import io.autorenew.support.MongoWireServer;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.StoredKeys;
import io.autorenew.support.Tokens;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar as the container image runs it: with the beans Spring AOT fixed at build time
 * ({@code -Dspring.aot.enabled=true}), in a child JVM. The choices a condition would have fixed
 * at build time are made at run time instead, and the one that cannot be (the demo profile) is
 * refused in one line. Runs after {@code package} (failsafe), on the jar {@code mvn verify} built.
 */
class AotBuildIT {

	@TempDir
	Path dir;

	private int port;

	@BeforeEach
	void reset() {
		OpenRouterStub.reset();
		MongoWireServer.reset();
	}

	/** The embedded store and both token sources (the HS256 secret and an OIDC issuer) are chosen at run time. */
	@Test
	void theAotBuildServesOnTheEmbeddedStoreWithBothTokenSources() throws Exception {
		OidcIssuerStub.stub();
		Path log = this.dir.resolve("embedded.log");
		Process service = start(log, Map.of("MONGODB_URI", "", "AUTH_JWT_ISSUER_URI", OidcIssuerStub.uri()));
		try {
			Api api = awaitUp(service, log);

			Response hs256 = api.analyse(Tokens.user("aot-alice"), "{\"prompt\":\"hello\"}");
			Response oidc = api.analyse(OidcIssuerStub.token(OidcIssuerStub.claims("aot-carol")),
					"{\"prompt\":\"hello\"}");

			assertThat(hs256.status()).as(hs256.body()).isEqualTo(200);
			assertThat(hs256.json().path("keyProvisioned").asBoolean()).isTrue();
			assertThat(oidc.status()).as(oidc.body()).isEqualTo(200);
			assertThat(Files.readString(log)).contains("Starting AOT-processed");
		}
		finally {
			service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

	/** Rate-limit buckets shared by the replicas exist only on a store they share: decided at run time. */
	@Test
	void theAotBuildSharesRateLimitsOnAnExternalStore() throws Exception {
		Path log = this.dir.resolve("external.log");
		Process service = start(log, Map.of("MONGODB_URI", MongoWireServer.uri()));
		try {
			Api api = awaitUp(service, log);

			Response answer = api.analyse(Tokens.user("aot-bob"), "{\"prompt\":\"hello\"}");

			assertThat(answer.status()).as(answer.body()).isEqualTo(200);
			assertThat(MongoWireServer.database().getCollection("rate_limit_buckets").countDocuments()).isPositive();
		}
		finally {
			service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

	@Test
	void theDemoProfileIsRefusedOnTheAotBuildInOneLine() throws Exception {
		Path log = this.dir.resolve("demo.log");
		Process service = start(log, Map.of("SPRING_PROFILES_ACTIVE", "demo", "MONGODB_URI", "",
				"OPENROUTER_PROVISIONING_KEY", "", "AUTH_JWT_SECRET", ""));

		assertThat(service.waitFor(60, TimeUnit.SECONDS)).as("the service exits").isTrue();
		assertThat(service.exitValue()).isNotZero();
		assertThat(Files.readString(log)).contains("The demo profile does not run on the AOT build");
	}

	private Process start(Path log, Map<String, String> settings) throws IOException {
		try (ServerSocket free = new ServerSocket(0)) {
			this.port = free.getLocalPort();
		}
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dspring.aot.enabled=true", "-jar", jar().toString(),
				"--server.port=" + this.port));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		Map<String, String> environment = builder.environment();
		environment.remove("SPRING_PROFILES_ACTIVE");
		environment.put("EMBEDDED_MONGO_DIR", this.dir.resolve("data").toString());
		environment.put("OPENROUTER_BASE_URL", OpenRouterStub.baseUrl());
		environment.put("OPENROUTER_PROVISIONING_KEY", OpenRouterStub.MANAGEMENT_KEY);
		environment.put("AUTH_JWT_SECRET", Tokens.SECRET);
		environment.put("KEY_ENCRYPTION_KEY", StoredKeys.ENCRYPTION_KEY);
		environment.put("OPENROUTER_RECONCILE_ENABLED", "false");
		environment.putAll(settings);
		return builder.start();
	}

	/** The executable jar {@code package} built (not Boot's {@code .original}). */
	private static Path jar() throws IOException {
		try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of("target"), "analysis-service-*.jar")) {
			for (Path jar : jars) {
				return jar;
			}
		}
		throw new IllegalStateException("No jar in target/: run mvn verify (the jar is built before this test)");
	}

	private Api awaitUp(Process process, Path log) {
		Api api = new Api(this.port);
		Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
			assertThat(process.isAlive()).as("the child JVM runs: %s", log).isTrue();
			try {
				return api.get("/actuator/health/readiness", null).status() == 200;
			}
			catch (RuntimeException notYet) {
				return false;
			}
		});
		return api;
	}

}
