package io.autorenew.analysis;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.autorenew.standin.StreamPace;
import io.autorenew.support.DeadlinesIntegrationTest;
import io.autorenew.support.SseEvent;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stream whose caller goes away stops costing: OpenRouter's stream is cancelled within a
 * second. A stream that stalls past the read timeout ends with {@code event: error}.
 */
class StreamCancellationIntegrationTests extends DeadlinesIntegrationTest {

	@BeforeEach
	void standIn() {
		UPSTREAM.to(STAND_IN.baseUrl().toString());
	}

	@Test
	void aCallerThatHangsUpCancelsTheUpstreamStreamWithinASecond() throws Exception {
		StreamPace pace = STAND_IN.pace(600, Duration.ofMillis(100));
		long hungUp;
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			String body = "{\"prompt\":\"count slowly\"}";
			OutputStream out = socket.getOutputStream();
			out.write(("POST /analysis HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + Tokens.user("alice")
					+ "\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\nContent-Length: "
					+ body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
			out.flush();
			BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
			for (String line = in.readLine(); line != null && !line.startsWith("event: delta"); line = in.readLine()) {
				// skip the status line and headers until the first event
			}
			hungUp = System.nanoTime();
		}

		assertThat(pace.awaitHangUp(Duration.ofSeconds(5))).as("upstream stream cancelled").isTrue();
		assertThat(Duration.ofNanos(pace.hungUpAtNanos() - hungUp)).isLessThan(Duration.ofSeconds(1));
		assertThat(pace.written()).isLessThan(600);
	}

	/** The read timeout bounds quiet time, not the stream: a 1.5-second answer under a 1-second timeout flows whole. */
	@Test
	void aStreamLongerThanTheReadTimeoutThatKeepsFlowingIsRelayedWhole() {
		STAND_IN.pace(15, Duration.ofMillis(100));

		List<SseEvent> events = SseEvent.parse(this.api.exchange("POST", "/analysis",
				Map.of("Authorization", "Bearer " + Tokens.user("alice"), "Content-Type", "application/json",
						"Accept", "text/event-stream"),
				"{\"prompt\":\"count\"}").body());

		assertThat(events).hasSize(16);
		assertThat(events.subList(0, 15)).extracting(SseEvent::name).containsOnly("delta");
		assertThat(events.get(15).name()).isEqualTo("error");
		assertThat(events.get(15).json().path("code").asString()).isEqualTo("upstream_timeout");
	}

	@Test
	void aStreamThatStallsPastTheReadTimeoutEndsWithAnErrorEvent() {
		STAND_IN.pace(2, Duration.ofMillis(50));

		List<SseEvent> events = SseEvent.parse(this.api.exchange("POST", "/analysis",
				Map.of("Authorization", "Bearer " + Tokens.user("alice"), "Content-Type", "application/json",
						"Accept", "text/event-stream"),
				"{\"prompt\":\"then stall\"}").body());

		assertThat(events).extracting(SseEvent::name).containsExactly("delta", "delta", "error");
		assertThat(events.get(2).json().path("code").asString()).isEqualTo("upstream_timeout");
	}

}
