package io.autorenew.openrouter;

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
import io.autorenew.support.Http2Upstream;
import io.autorenew.support.IntegrationTest;
import io.autorenew.support.StoredKeys;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over {@code https} the service speaks HTTP/2 to OpenRouter, as OpenRouter offers it: calls and
 * streams open at the same time share one connection, so an open stream holds no upstream
 * socket of its own. The upstream's certificate is trusted through an SSL bundle
 * ({@code OPENROUTER_SSL_BUNDLE}), as a TLS-inspecting proxy's would be. Every other
 * integration test reaches its upstream over plain {@code http}, on HTTP/1.1.
 */
@TestPropertySource(properties = "OPENROUTER_SSL_BUNDLE=openrouter-proxy")
class Http2UpstreamIntegrationTests extends IntegrationTest {

	private static final Http2Upstream HTTPS = Http2Upstream.started();

	private static final int CALLERS = 12;

	@DynamicPropertySource
	static void overHttps(DynamicPropertyRegistry registry) {
		// The bound property itself: the superclass points OPENROUTER_BASE_URL at WireMock.
		registry.add("openrouter.base-url", HTTPS::baseUrl);
		registry.add("spring.ssl.bundle.pem.openrouter-proxy.truststore.certificate",
				() -> HTTPS.certificate().toUri().toString());
	}

	@AfterAll
	static void stopUpstream() {
		HTTPS.close();
	}

	@Test
	void streamsOpenAtOnceShareOneHttp2Connection() throws Exception {
		// Calls that start together before any connection is up each open one (the JDK client's
		// way); once one is up, every call and stream shares it.
		HTTPS.holdStreams(0);
		StoredKeys.seed("h2-first", "sk-or-v1-" + "%064x".formatted(100), "hash-h2-first");
		assertThat(this.api.analyse(Tokens.user("h2-first"), "{\"prompt\":\"hello\"}").status()).isEqualTo(200);
		String connection = HTTPS.calls().get(0).connection();
		HTTPS.holdStreams(CALLERS);
		CountDownLatch go = new CountDownLatch(1);
		ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
		List<Future<HttpResponse<String>>> answers = new ArrayList<>();
		try {
			for (int i = 0; i < CALLERS; i++) {
				String user = "h2-user-" + i;
				StoredKeys.seed(user, "sk-or-v1-" + "%064x".formatted(i + 1), "hash-" + user);
				Api api = this.api;
				answers.add(callers.submit(() -> {
					go.await();
					return api.exchange("POST", "/v1/chat/completions", Map.of("Authorization",
							"Bearer " + Tokens.user(user), "Content-Type", "application/json", "Accept",
							"text/event-stream"), "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
				}));
			}
			go.countDown();
			for (Future<HttpResponse<String>> answer : answers) {
				HttpResponse<String> streamed = answer.get(30, TimeUnit.SECONDS);
				assertThat(streamed.statusCode()).isEqualTo(200);
				assertThat(streamed.body()).contains("answered over HTTP/2.0").contains("data: [DONE]");
			}
		}
		finally {
			callers.shutdownNow();
		}

		List<Http2Upstream.Call> calls = HTTPS.calls();
		assertThat(calls).hasSize(CALLERS).allSatisfy((call) -> {
			assertThat(call.path()).isEqualTo("/api/v1/chat/completions");
			assertThat(call.protocol()).isEqualTo("HTTP/2.0");
		});
		assertThat(calls).extracting(Http2Upstream.Call::connection).as("upstream connections").containsOnly(connection);
	}

	@Test
	void aPlainAnalysisGoesOverHttp2Too() {
		HTTPS.holdStreams(0);
		StoredKeys.seed("alice", "sk-or-v1-" + "%064x".formatted(99), "hash-alice-h2");

		Api.Response answer = this.api.analyse(Tokens.user("alice"), "{\"prompt\":\"hello\"}");

		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.json().path("analysis").asString()).isEqualTo("answered over HTTP/2.0");
		assertThat(HTTPS.calls()).singleElement().satisfies((call) -> assertThat(call.protocol()).isEqualTo("HTTP/2.0"));
	}

}
