package io.autorenew.demo;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.autorenew.GatewayApplication;
import io.autorenew.support.Api.Response;
import io.autorenew.support.Api;
import io.autorenew.support.SseEvent;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README command 1, in process: the demo profile on its embedded defaults (file-backed
 * store, OpenRouter stand-in, generated secret) shows a first-use mint and, once the
 * standIn expires the key, a transparent renewal.
 */
@ExtendWith(OutputCaptureExtension.class)
class DemoProfileIntegrationTests {

	@TempDir
	Path data;

	/**
	 * On the defaults: four analyses of one user show a first mint and, the simulated key
	 * allowing three calls, a renewal; and README's streamed curl works for another user, the
	 * stand-in streaming as OpenRouter does. One demo start for both.
	 */
	@Test
	void demoShowsAFirstMintARenewalAndAStream(CapturedOutput output) {
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(GatewayApplication.class)
			.profiles("demo")
			.properties("SERVER_PORT=0", "EMBEDDED_MONGO_DIR=" + this.data)
			.run()) {
			int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
			String secret = app.getEnvironment().getProperty("AUTH_JWT_SECRET");
			String token = Tokens.sign(secret, "demo-user", null, Instant.now().plus(Duration.ofMinutes(5)));
			Api api = new Api(port);
			String prompt = "{\"prompt\":\"Summarise: OpenRouter keys renew themselves.\"}";

			Response first = api.analyse(token, prompt);
			Response second = api.analyse(token, prompt);
			Response third = api.analyse(token, prompt);
			Response fourth = api.analyse(token, prompt);

			assertThat(first.status()).isEqualTo(200);
			assertThat(first.json().path("keyProvisioned").asBoolean()).isTrue();
			assertThat(first.json().path("analysis").asString()).isNotBlank();
			assertThat(second.json().path("keyProvisioned").asBoolean()).isFalse();
			assertThat(third.json().path("keyRenewed").asBoolean()).isFalse();
			assertThat(fourth.status()).isEqualTo(200);
			assertThat(fourth.json().path("keyRenewed").asBoolean()).isTrue();
			Response status = api.get("/analysis/key", token);
			assertThat(status.json().path("renewalCount").asInt()).isEqualTo(1);
			assertThat(status.json().path("autoRenewed").asBoolean()).isTrue();

			String streamer = Tokens.sign(secret, "demo-streamer", null, Instant.now().plus(Duration.ofMinutes(5)));
			HttpResponse<String> response = api.exchange("POST", "/analysis",
					Map.of("Authorization", "Bearer " + streamer, "Content-Type", "application/json", "Accept",
							"text/event-stream"),
					"{\"prompt\":\"Summarise: keys renew themselves.\"}");

			List<SseEvent> events = SseEvent.parse(response.body());
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			assertThat(events.size()).isGreaterThan(2);
			assertThat(events.subList(0, events.size() - 1)).extracting(SseEvent::name).containsOnly("delta");
			assertThat(events.get(events.size() - 1).name()).isEqualTo("done");
			assertThat(events.get(events.size() - 1).json().path("keyProvisioned").asBoolean()).isTrue();
		}
		assertThat(output.getAll()).contains("export USER_TOKEN=")
			.contains("export ADMIN_TOKEN=")
			.contains("/analysis -H \"Authorization: Bearer $USER_TOKEN\"")
			.contains("[Auto-Renewal] API key was automatically renewed during this request");
		assertThat(this.data.resolve("analysis-service.mv")).exists();
	}

	/**
	 * A newcomer who runs {@code set -a; . ./.env.example} before the demo: every value of the
	 * file as it ships (placeholders included) still gives a working demo, and the
	 * CORS preflight of docs/api.md from {@code http://localhost:3000} is allowed.
	 */
	@Test
	void demoRunsWithEveryValueOfEnvExampleAndAllowsTheReadmeOrigin(CapturedOutput output) throws Exception {
		List<String> properties = new ArrayList<>();
		for (String line : Files.readAllLines(Path.of(".env.example"))) {
			if (!line.isBlank() && !line.startsWith("#")) {
				properties.add(line);
			}
		}
		properties.addAll(List.of("SERVER_PORT=0", "EMBEDDED_MONGO_DIR=" + this.data));
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(GatewayApplication.class)
			.profiles("demo")
			.properties(properties.toArray(String[]::new))
			.run()) {
			int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
			String secret = app.getEnvironment().getProperty("AUTH_JWT_SECRET");
			Api api = new Api(port);
			HttpResponse<String> preflight = api.exchange("OPTIONS", "/analysis",
					Map.of("Origin", "http://localhost:3000", "Access-Control-Request-Method", "POST",
							"Access-Control-Request-Headers", "authorization,content-type"),
					null);
			Response analysis = api.analyse(
					Tokens.sign(secret, "demo-user", null, Instant.now().plus(Duration.ofMinutes(5))),
					"{\"prompt\":\"hello\"}");

			assertThat(secret).isNotEqualTo("change-me");
			assertThat(preflight.statusCode()).isEqualTo(200);
			assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:3000");
			assertThat(analysis.status()).as(analysis.body()).isEqualTo(200);
		}
		assertThat(output.getAll()).contains("AUTH_JWT_SECRET is the placeholder 'change-me'")
			.contains("KEY_ENCRYPTION_KEY is the placeholder 'change-me'");
	}

}
