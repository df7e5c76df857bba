package io.autorenew.admin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.model.UpdateOptions;
import io.autorenew.standin.OpenRouterStandIn;
import io.autorenew.standin.StreamPace;
import io.autorenew.support.MongoWireServer;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.Replica;
import io.autorenew.support.SseEvent;
import io.autorenew.support.Tokens;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Suspending a user ends their open streams on every replica within seconds, each with the
 * API's own error event carrying {@code user_suspended}; another user's stream goes on.
 */
class SuspendedStreamsIntegrationTests {

	/** OpenRouter for this test: keys, and streams on every API that open and stay quiet. */
	private static final OpenRouterStandIn STAND_IN = OpenRouterStandIn.start(OpenRouterStub.MANAGEMENT_KEY, 0,
			Duration.ZERO, Clock.systemUTC());

	private StreamPace quiet;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeEach
	void reset() {
		MongoWireServer.reset();
		STAND_IN.reset();
		this.quiet = STAND_IN.pace(0, Duration.ofMillis(100));
	}

	@AfterAll
	static void stopStandIn() {
		STAND_IN.close();
	}

	@Test
	void aSuspendedUsersStreamsEndOnEveryReplicaWithUserSuspended() throws Exception {
		String[] settings = { "OPENROUTER_BASE_URL=" + STAND_IN.baseUrl(), "OPENROUTER_READ_TIMEOUT=60s",
				"STREAM_MAX_DURATION=60s", "OPENROUTER_STREAM_HEARTBEAT=200ms" };
		try (Replica a = Replica.start("streams-a", settings); Replica b = Replica.start("streams-b", settings)) {
			CompletableFuture<HttpResponse<String>> analysis = stream(a, "alice", "/analysis",
					"{\"prompt\":\"go on\"}");
			CompletableFuture<HttpResponse<String>> messages = stream(b, "alice", "/v1/messages",
					"{\"model\":\"anthropic/claude-haiku-4.5\",\"max_tokens\":100,\"stream\":true,"
							+ "\"messages\":[{\"role\":\"user\",\"content\":\"go on\"}]}");
			CompletableFuture<HttpResponse<String>> others = stream(b, "bob", "/analysis", "{\"prompt\":\"go on\"}");
			// Suspend only once all three streams are open upstream: a request that arrived after the
			// suspension would (rightly) be refused before it opens.
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.quiet.opened() == 3);

			// Suspended by a third replica (its call to OpenRouter's key API is not what this test is about):
			// neither replica serving the streams learns of it first-hand.
			long suspended = System.nanoTime();
			MongoWireServer.database()
				.getCollection("user_policies")
				.updateOne(new Document("_id", "alice"),
						new Document("$set", new Document("suspended", true).append("suspended_at", new Date())),
						new UpdateOptions().upsert(true));

			List<SseEvent> onA = SseEvent.parse(analysis.get(15, TimeUnit.SECONDS).body());
			List<SseEvent> onB = SseEvent.parse(messages.get(15, TimeUnit.SECONDS).body());
			Duration took = Duration.ofNanos(System.nanoTime() - suspended);

			assertThat(took).as("both ended within a few seconds (each replica reads the suspended users every 5 s)")
				.isLessThan(Duration.ofSeconds(10));
			assertThat(onA).last().satisfies((event) -> {
				assertThat(event.name()).isEqualTo("error");
				assertThat(event.json().path("code").asString()).isEqualTo("user_suspended");
			});
			assertThat(onB).last().satisfies((event) -> {
				assertThat(event.name()).isEqualTo("error");
				assertThat(event.json().at("/error/type").asString()).isEqualTo("permission_error");
				assertThat(event.json().at("/error/code").asString()).isEqualTo("user_suspended");
			});
			assertThat(others).as("bob's stream goes on").isNotDone();
			others.cancel(true);
		}
	}

	private CompletableFuture<HttpResponse<String>> stream(Replica replica, String user, String path, String body) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(replica.api().baseUrl() + path))
			.header("Authorization", "Bearer " + Tokens.user(user))
			.header("Content-Type", "application/json")
			.header("Accept", "text/event-stream")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return this.http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
	}

}
