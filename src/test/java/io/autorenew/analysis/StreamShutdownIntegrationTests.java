package io.autorenew.analysis;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.autorenew.standin.OpenRouterStandIn;
import io.autorenew.standin.StreamPace;
import io.autorenew.support.MongoWireServer;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.Replica;
import io.autorenew.support.SseEvent;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rolling upgrade stops a replica while a stream is open: readiness goes down, the stream may
 * run on for {@code STREAM_SHUTDOWN_GRACE}, then ends with the error event
 * {@code shutting_down} (the caller sends the request again, to another replica), OpenRouter's
 * stream is cancelled, and the replica has stopped well within {@code SHUTDOWN_GRACE_PERIOD}.
 */
class StreamShutdownIntegrationTests {

	private static final OpenRouterStandIn STAND_IN = OpenRouterStandIn.start(OpenRouterStub.MANAGEMENT_KEY, 0,
			Duration.ZERO, Clock.systemUTC());

	@AfterAll
	static void stopStandIn() {
		STAND_IN.close();
	}

	@Test
	void anOpenStreamEndsWithShuttingDownAfterItsGraceAndTheReplicaStopsWithinItsBound() throws Exception {
		MongoWireServer.reset();
		StreamPace quiet = STAND_IN.pace(0, Duration.ofMillis(100));
		Replica replica = Replica.start("stopping", "OPENROUTER_BASE_URL=" + STAND_IN.baseUrl(),
				"STREAM_SHUTDOWN_GRACE=800ms", "SHUTDOWN_GRACE_PERIOD=10s", "OPENROUTER_STREAM_HEARTBEAT=100ms",
				"OPENROUTER_READ_TIMEOUT=30s");
		CompletableFuture<HttpResponse<String>> stream = CompletableFuture.supplyAsync(() -> replica.api()
			.exchange("POST", "/analysis", Map.of("Authorization", "Bearer " + Tokens.user("alice"), "Content-Type",
					"application/json", "Accept", "text/event-stream"), "{\"prompt\":\"go on\"}"));
		assertThat(quiet.awaitOpened(Duration.ofSeconds(10))).as("OpenRouter's stream opened").isTrue();

		long stopping = System.nanoTime();
		CompletableFuture<Void> stopped = CompletableFuture.runAsync(replica::close);

		HttpResponse<String> answer = stream.get(10, TimeUnit.SECONDS);
		Duration streamOutlived = Duration.ofNanos(System.nanoTime() - stopping);
		stopped.get(10, TimeUnit.SECONDS);
		Duration stopTook = Duration.ofNanos(System.nanoTime() - stopping);

		assertThat(answer.statusCode()).isEqualTo(200);
		List<SseEvent> events = SseEvent.parse(answer.body());
		assertThat(events).extracting(SseEvent::name).containsExactly("error");
		assertThat(events.get(0).json().path("code").asString()).isEqualTo("shutting_down");
		assertThat(streamOutlived).as("the stream ran on for its grace").isGreaterThanOrEqualTo(Duration.ofMillis(800));
		assertThat(stopTook).as("the replica stopped within SHUTDOWN_GRACE_PERIOD").isLessThan(Duration.ofSeconds(10));
		assertThat(quiet.awaitHangUp(Duration.ofSeconds(5))).as("OpenRouter's stream cancelled").isTrue();
		assertThat(quiet.hungUpAtNanos()).isGreaterThan(stopping);
	}

}
