package io.autorenew.analysis;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.autorenew.standin.StreamPace;
import io.autorenew.support.DeadlinesIntegrationTest;
import io.autorenew.support.SseEvent;
import io.autorenew.support.Tokens;
import io.autorenew.web.StreamPermits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A stream whose caller goes away stops costing: OpenRouter's stream is cancelled within a
 * second, and the response, which Tomcat recycles for the next connection, is not touched
 * again. A stream that stalls past the read timeout ends with {@code event: error}.
 */
class StreamCancellationIntegrationTests extends DeadlinesIntegrationTest {

	private final ListAppender<ILoggingEvent> warnings = new ListAppender<>();

	private final Logger serviceLog = (Logger) LoggerFactory.getLogger("io.autorenew");

	@Autowired
	StreamPermits permits;

	@BeforeEach
	void standIn() {
		UPSTREAM.to(STAND_IN.baseUrl().toString());
		this.warnings.start();
		this.serviceLog.addAppender(this.warnings);
	}

	@AfterEach
	void stopCapturing() {
		this.serviceLog.detachAppender(this.warnings);
	}

	/**
	 * Seen before the container's end was listened to: about one round in forty, the relay's
	 * last write, after Tomcat had ended the hung-up request and recycled its response, reached
	 * the next connection's response, whose stream then ended at once or never got its events.
	 * Every hang-up also logged Spring's "Response already committed" warning, from the error
	 * page Tomcat dispatched. Now the service completes the request itself, within the
	 * container's error event. (While it did so only when Tomcat saw the caller gone before the
	 * relay did, one round in 25 of a suite run still had the error page: the relay's complete
	 * came after the event. None since, in 75 rounds under two CPU hogs; the bound below still
	 * tells a service that does not complete from one that sometimes cannot.)
	 */
	@Test
	void aCallerThatHangsUpLeavesTheNextStreamWhole() throws Exception {
		STAND_IN.pace(600, Duration.ofMillis(100));
		int rounds = 25;
		for (int round = 1; round <= rounds; round++) {
			// a user a round: the paced streams are billed, and one user's budget would run out
			String user = "caller-" + round;
			try (Socket hangsUp = streamAsking(user, "hold")) {
				assertThat(new BufferedReader(new InputStreamReader(hangsUp.getInputStream(), StandardCharsets.UTF_8))
					.readLine()).isEqualTo("HTTP/1.1 200 ");
			}
			await().atMost(Duration.ofSeconds(5)).until(() -> this.permits.open(user) == 0);
			try (Socket next = streamAsking(user, "next")) {
				next.setSoTimeout(5_000);
				BufferedReader in = new BufferedReader(new InputStreamReader(next.getInputStream(), StandardCharsets.UTF_8));
				StringBuilder seen = new StringBuilder();
				for (String line = in.readLine(); line != null && !line.startsWith("event: delta"); line = in.readLine()) {
					seen.append(line).append('|');
				}
				assertThat(seen).as("round %d: the next stream, up to its first event", round)
					.startsWith("HTTP/1.1 200 |")
					.doesNotContain("|0|");
			}
		}
		assertThat(this.warnings.list).filteredOn((event) -> event.getLevel().isGreaterOrEqual(Level.WARN))
			.extracting(ILoggingEvent::getFormattedMessage)
			.as("Tomcat's error pages, one a round without the service completing the request")
			.hasSizeLessThanOrEqualTo(rounds / 5);
	}

	private Socket streamAsking(String user, String prompt) throws Exception {
		Socket socket = new Socket("127.0.0.1", this.port);
		String body = "{\"prompt\":\"" + prompt + "\"}";
		OutputStream out = socket.getOutputStream();
		out.write(("POST /analysis HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + Tokens.user(user)
				+ "\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\nContent-Length: "
				+ body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
		out.flush();
		return socket;
	}

	@Test
	void aCallerThatHangsUpCancelsTheUpstreamStreamWithinASecond() throws Exception {
		StreamPace pace = STAND_IN.pace(600, Duration.ofMillis(100));
		long hungUp;
		try (Socket socket = streamAsking("alice", "count slowly")) {
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
