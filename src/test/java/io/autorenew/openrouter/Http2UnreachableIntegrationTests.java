package io.autorenew.openrouter;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.autorenew.support.Api;
import io.autorenew.support.IntegrationTest;
import io.autorenew.support.StoredKeys;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over {@code https} (HTTP/2 by default) to an OpenRouter nobody answers: streams that start
 * together onto a client with no connection wait for the first one's attempt and share its
 * failure, then the chat retry tries again; each caller gets the same clear 502 in OpenAI's error
 * shape, and none is left waiting. ({@code ConnectionsTests} holds the sharing itself.)
 */
class Http2UnreachableIntegrationTests extends IntegrationTest {

	private static final int CALLERS = 6;

	@DynamicPropertySource
	static void nobodyListening(DynamicPropertyRegistry registry) throws IOException {
		int port;
		try (ServerSocket closed = new ServerSocket(0)) {
			port = closed.getLocalPort();
		}
		String base = "https://127.0.0.1:" + port + "/api/v1";
		registry.add("openrouter.base-url", () -> base);
	}

	@Test
	void streamsStartedTogetherAllGetTheUpstreamError() throws Exception {
		CountDownLatch go = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(CALLERS);
		List<Future<HttpResponse<String>>> answers = new ArrayList<>();
		try {
			for (int i = 0; i < CALLERS; i++) {
				String user = "h2-unreachable-" + i;
				StoredKeys.seed(user, "sk-or-v1-" + "%064x".formatted(i + 7), "hash-" + user);
				Api api = this.api;
				answers.add(threads.submit(() -> {
					go.await();
					return api.exchange("POST", "/v1/chat/completions", Map.of("Authorization",
							"Bearer " + Tokens.user(user), "Content-Type", "application/json", "Accept",
							"text/event-stream"), "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
				}));
			}
			go.countDown();
			for (Future<HttpResponse<String>> answer : answers) {
				HttpResponse<String> refused = answer.get(30, TimeUnit.SECONDS);
				assertThat(refused.statusCode()).isEqualTo(502);
				assertThat(refused.body()).contains("\"code\":\"upstream_error\"").doesNotContain("Exception");
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

}
