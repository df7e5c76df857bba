package io.autorenew.spend;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.autorenew.support.DeadlinesIntegrationTest;
import io.autorenew.support.MongoWireServer;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.Tokens;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stream whose caller goes away after OpenRouter said what it cost still leaves its entry in
 * the ledger, marked {@code caller_left}; OpenRouter's stream comes slowly (WireMock's dribble)
 * and the service notices the hang-up at its next heartbeat.
 */
class StreamSpendIntegrationTests extends DeadlinesIntegrationTest {

	@Test
	void aCallerThatLeftAfterTheUsageCameIsEnteredAsCallerLeft() throws Exception {
		String events = OpenRouterStub.chunk("The text ") + OpenRouterStub.usageChunk() + ": OPENROUTER PROCESSING\n\n".repeat(200)
				+ "data: [DONE]\n\n";
		OpenRouterStub.stub(post(urlPathEqualTo(OpenRouterStub.BASE_PATH + "/chat/completions")).atPriority(1)
			.withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
			.willReturn(OpenRouterStub.eventStream(events).withChunkedDribbleDelay(40, 4000)));

		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			String body = "{\"model\":\"openai/gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
			OutputStream out = socket.getOutputStream();
			out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
					+ Tokens.user("alice") + "\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\n"
					+ "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
			out.flush();
			BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
			for (String line = in.readLine(); line != null && !line.contains("\"usage\""); line = in.readLine()) {
				// the status line, the headers and the first chunk, until the usage
			}
		}

		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> MongoWireServer.database().getCollection("spend_entries").countDocuments() == 1);
		Document entry = MongoWireServer.database().getCollection("spend_entries").find().first();
		assertThat(entry.getString("status")).isEqualTo("caller_left");
		assertThat(entry.getDouble("cost_usd")).isEqualTo(0.0000125);
		assertThat(entry.getString("api")).isEqualTo("chat");
	}

}
