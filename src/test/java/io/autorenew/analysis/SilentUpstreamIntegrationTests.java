package io.autorenew.analysis;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.autorenew.support.DeadlinesIntegrationTest;
import io.autorenew.support.SilentUpstream;
import io.autorenew.support.SseEvent;
import io.autorenew.support.StoredKeys;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streams really stop while OpenRouter is quiet: silent, or sending only
 * {@code : OPENROUTER PROCESSING} comments. A caller that hangs up, or a stall past
 * {@code OPENROUTER_READ_TIMEOUT}, closes the upstream connection within a second, on
 * {@code /analysis} and on {@code /v1}; nothing waits for OpenRouter to finish.
 */
class SilentUpstreamIntegrationTests extends DeadlinesIntegrationTest {

	private static final String KEY = "sk-or-v1-2222222222222222222222222222222222222222222222222222222222beef";

	private static final SilentUpstream SILENT = SilentUpstream.started();

	private static final Duration SECOND = Duration.ofSeconds(1);

	@AfterAll
	static void stopUpstream() throws Exception {
		SILENT.close();
	}

	@BeforeEach
	void aliceHasAKey() {
		UPSTREAM.to(SILENT.baseUrl());
		StoredKeys.seed("alice", KEY, "hash-alice-silent");
	}

	@ParameterizedTest(name = "{0}, upstream sends comments: {1}")
	@CsvSource({ "/analysis, false", "/analysis, true", "/v1/chat/completions, false",
			"/v1/chat/completions, true" })
	void aCallerThatHangsUpClosesTheUpstreamConnectionWithinASecond(String path, boolean comments) throws Exception {
		SILENT.reset(comments);
		long hungUp;
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			String body = body(path);
			OutputStream out = socket.getOutputStream();
			out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + Tokens.user("alice")
					+ "\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\nContent-Length: "
					+ body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
			out.flush();
			BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
			assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 ");
			SILENT.awaitOpened(Duration.ofSeconds(5));
			hungUp = System.nanoTime();
		}

		long closed = SILENT.awaitClosed(Duration.ofSeconds(5));
		assertThat(Duration.ofNanos(closed - hungUp)).as("upstream closed after the hang-up").isLessThan(SECOND);
	}

	@ParameterizedTest(name = "{0}, upstream sends comments: {1}")
	@CsvSource({ "/analysis, false", "/analysis, true", "/v1/chat/completions, false",
			"/v1/chat/completions, true" })
	void aStallPastTheReadTimeoutEndsTheAnswerAndClosesTheUpstreamConnection(String path, boolean comments)
			throws Exception {
		SILENT.reset(comments);
		long started = System.nanoTime();

		HttpResponse<String> answer = this.api.exchange("POST", path, Map.of("Authorization",
				"Bearer " + Tokens.user("alice"), "Content-Type", "application/json", "Accept", "text/event-stream"),
				body(path));

		long ended = System.nanoTime();
		assertThat(Duration.ofNanos(ended - started)).as("the answer, under a 1 s read timeout")
			.isLessThan(Duration.ofSeconds(3));
		List<SseEvent> events = SseEvent.parse(answer.body());
		assertThat(events).hasSize(1);
		if (path.equals("/analysis")) {
			assertThat(events.get(0).name()).isEqualTo("error");
			assertThat(events.get(0).json().path("code").asString()).isEqualTo("upstream_timeout");
		}
		else {
			assertThat(events.get(0).json().path("error").path("code").asString()).isEqualTo("upstream_timeout");
		}
		assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
		long closed = SILENT.awaitClosed(Duration.ofSeconds(5));
		assertThat(Duration.ofNanos(closed - ended)).as("upstream closed after the answer ended").isLessThan(SECOND);
	}

	private static String body(String path) {
		return path.equals("/analysis") ? "{\"prompt\":\"say nothing\"}"
				: "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"say nothing\"}]}";
	}

}
