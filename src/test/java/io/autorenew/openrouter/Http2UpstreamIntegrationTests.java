package io.autorenew.openrouter;

import java.util.List;

import io.autorenew.support.Api;
import io.autorenew.support.Http2Upstream;
import io.autorenew.support.IntegrationTest;
import io.autorenew.support.StoredKeys;
import io.autorenew.support.StreamsAtOnce;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over {@code https} the service speaks HTTP/2 to OpenRouter by default, as OpenRouter offers it: calls and
 * streams open at the same time share one connection, so an open stream holds no upstream
 * socket of its own; past the connection's stream limit ({@value #LIMIT} here) another
 * connection carries the rest, and no call is refused. The upstream's certificate is trusted
 * through an SSL bundle ({@code OPENROUTER_SSL_BUNDLE}), as a TLS-inspecting proxy's would be.
 * Every other integration test reaches its upstream over plain {@code http}, on HTTP/1.1.
 */
@TestPropertySource(properties = "OPENROUTER_SSL_BUNDLE=openrouter-proxy")
class Http2UpstreamIntegrationTests extends IntegrationTest {

	/** The upstream's {@code SETTINGS_MAX_CONCURRENT_STREAMS}. */
	private static final int LIMIT = 5;

	private static final Http2Upstream HTTPS = Http2Upstream.started(LIMIT);

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
		warmConnection();
		String connection = HTTPS.calls().get(0).connection();

		List<Http2Upstream.Call> calls = streamsAtOnce(LIMIT);

		assertThat(calls).extracting(Http2Upstream.Call::connection).as("upstream connections").containsOnly(connection);
	}

	@Test
	void streamsBeyondAConnectionsLimitGoOnAnotherAndNoneIsRefused() throws Exception {
		warmConnection();

		streamsAtOnce(3 * LIMIT - 2);

		// 13 streams at 5 a connection: 3 connections, a new one's burst waiting for its first
		// stream instead of opening one each
		assertThat(HTTPS.connections()).as("upstream connections").isBetween(3L, 4L);
	}

	@Test
	void aBurstFarBeyondASmallLimitOpensTheConnectionsTheLimitMakesItNeed() throws Exception {
		warmConnection();

		streamsAtOnce(8 * LIMIT);

		// 40 streams at 5 a connection, a limit below the least one a refusal teaches
		// (Connections.LEAST_LIMIT): each refused stream goes on the next client, 8 connections
		// take them (one or two more while a new connection's first stream is still opening it)
		assertThat(HTTPS.connections()).as("upstream connections").isBetween(8L, 10L);
	}

	private void warmConnection() {
		// Calls that start together before any connection is up each open one (the JDK client's
		// way); once one is up, every call and stream shares it.
		HTTPS.holdStreams(0);
		StoredKeys.seed("h2-first", "sk-or-v1-" + "%064x".formatted(100), "hash-h2-first");
		assertThat(this.api.analyse(Tokens.user("h2-first"), "{\"prompt\":\"hello\"}").status()).isEqualTo(200);
	}

	/** {@code callers} streams held open together upstream, each answered whole over HTTP/2; their calls. */
	private List<Http2Upstream.Call> streamsAtOnce(int callers) throws Exception {
		HTTPS.holdStreams(callers);
		assertThat(StreamsAtOnce.open(this.api, "h2-user", callers, 1)).allSatisfy((streamed) -> {
			assertThat(streamed.statusCode()).isEqualTo(200);
			assertThat(streamed.body()).contains("answered over HTTP/2.0").contains("data: [DONE]");
		});
		List<Http2Upstream.Call> calls = HTTPS.calls();
		assertThat(calls).hasSize(callers).allSatisfy((call) -> {
			assertThat(call.path()).isEqualTo("/api/v1/chat/completions");
			assertThat(call.protocol()).isEqualTo("HTTP/2.0");
		});
		return calls;
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
