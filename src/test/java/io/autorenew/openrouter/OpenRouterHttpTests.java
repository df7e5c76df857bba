package io.autorenew.openrouter;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;

import io.autorenew.support.OpenRouterStub;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The HTTP clients the service builds for OpenRouter are closed with it: no worker thread
 * outlives the application (Tomcat warns about each one at shutdown otherwise): the key
 * management clients' callbacks and the ticker that watches streams and plain exchanges'
 * deadlines (on Java 21+ the request path's callbacks run on virtual threads).
 */
class OpenRouterHttpTests {

	private final OpenRouterProperties properties = new OpenRouterProperties(URI.create(OpenRouterStub.baseUrl()),
			"openai/gpt-4o-mini", "https://example.test", "tests", Duration.ofSeconds(2), Duration.ofSeconds(5),
			List.of(), 1024, Duration.ofSeconds(1), "", false);

	@BeforeEach
	void resetStub() {
		OpenRouterStub.reset();
	}

	@Test
	void clientsCallWithTheirBaseUrlAndTimeouts() {
		try (OpenRouterHttp http = new OpenRouterHttp(RestClient.builder(), this.properties, null)) {
			String answer = http.client(Duration.ofSeconds(1), Duration.ofSeconds(2))
				.post()
				.uri("/chat/completions")
				.body("{}")
				.retrieve()
				.body(String.class);

			assertThat(answer).contains("chat.completion");
			assertThat(OpenRouterStub.chatRequests()).hasSize(1);
		}
	}

	@Test
	void closingStopsEveryHttpThread() {
		OpenRouterHttp http = new OpenRouterHttp(RestClient.builder(), this.properties, null);
		RestClient chat = http.client(Duration.ofSeconds(1), Duration.ofSeconds(2));
		RestClient keys = http.client(Duration.ofSeconds(1), Duration.ofSeconds(2));
		http.deadlines(Duration.ofSeconds(2));
		chat.post().uri("/chat/completions").body("{}").retrieve().toBodilessEntity();
		keys.post().uri("/chat/completions").body("{}").retrieve().toBodilessEntity();
		assertThat(httpThreads(http.threadPrefix())).isNotEmpty();

		http.close();

		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(httpThreads(http.threadPrefix())).isEmpty());
	}

	@Test
	void httpsSpeaksHttp2UnlessTurnedOffAndPlainHttpAlwaysHttp11() {
		assertThat(OpenRouterHttp.version(properties("https://openrouter.ai/api/v1", true)))
			.isEqualTo(HttpClient.Version.HTTP_2);
		assertThat(OpenRouterHttp.version(properties("https://openrouter.ai/api/v1", false)))
			.isEqualTo(HttpClient.Version.HTTP_1_1);
		assertThat(OpenRouterHttp.version(properties("http://127.0.0.1:8089/api/v1", true)))
			.isEqualTo(HttpClient.Version.HTTP_1_1);
	}

	private static OpenRouterProperties properties(String base, boolean http2) {
		return new OpenRouterProperties(URI.create(base), "openai/gpt-4o-mini", "https://example.test", "tests",
				Duration.ofSeconds(2), Duration.ofSeconds(5), List.of(), 1024, Duration.ofSeconds(1), "", http2);
	}

	private static List<String> httpThreads(String prefix) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.map(Thread::getName)
			.filter((name) -> name.startsWith(prefix))
			.toList();
	}

}
