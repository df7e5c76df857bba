package io.autorenew.openrouter;

import java.io.IOException;
import java.net.ServerSocket;

import io.autorenew.support.IntegrationTest;
import io.autorenew.support.StreamsAtOnce;
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
		assertThat(StreamsAtOnce.open(this.api, "h2-unreachable", CALLERS, 7)).allSatisfy((refused) -> {
			assertThat(refused.statusCode()).isEqualTo(502);
			assertThat(refused.body()).contains("\"code\":\"upstream_error\"").doesNotContain("Exception");
		});
	}

}
