package io.autorenew.analysis;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import io.autorenew.support.IntegrationTest;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.SseEvent;
import io.autorenew.support.StoredKeys;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /analysis} with {@code Accept: text/event-stream}: the answer as it is written,
 * renewal before the first byte, problems before it and {@code event: error} after it.
 */
class AnalysisStreamingIntegrationTests extends IntegrationTest {

	private static final String OLD_KEY = "sk-or-v1-0000000000000000000000000000000000000000000000000000000000old2";

	@Test
	void streamsTheAnswerAsDeltasThenDone() {
		HttpResponse<String> response = stream(Tokens.user("alice"), "{\"prompt\":\"Summarise this.\"}");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/event-stream"));
		List<SseEvent> events = SseEvent.parse(response.body());
		assertThat(events).extracting(SseEvent::name).containsExactly("delta", "delta", "delta", "done");
		assertThat(events.subList(0, 3)).extracting((event) -> event.json().path("text").asString())
			.containsExactly("The text ", "is short ", "and clear.");
		SseEvent done = events.get(3);
		assertThat(done.json().propertyNames()).containsExactly("id", "model", "usage", "maxTokens", "keyProvisioned",
				"keyRenewed");
		assertThat(done.json().path("id").asString()).isEqualTo("gen-1764000000-str");
		assertThat(done.json().path("usage").path("totalTokens").asLong()).isEqualTo(19);
		assertThat(done.json().path("maxTokens").asInt()).isEqualTo(32000);
		assertThat(done.json().path("keyProvisioned").asBoolean()).isTrue();
		assertThat(done.json().path("keyRenewed").asBoolean()).isFalse();
		assertThat(OpenRouterStub.chatRequests()).singleElement()
			.satisfies((chat) -> assertThat(chat.getBodyAsString()).contains("\"stream\":true")
				.contains("\"max_tokens\":32000"));
	}

	/** OpenRouter refuses the expired key before any byte: the client sees one clean stream. */
	@Test
	void renewsTheKeyBeforeTheFirstByte() {
		StoredKeys.seed("alice", OLD_KEY, "hash-old-stream");
		OpenRouterStub.chatRejects(OLD_KEY, 401, "User not found.");

		HttpResponse<String> response = stream(Tokens.user("alice"), "{\"prompt\":\"Summarise this.\"}");

		assertThat(response.statusCode()).isEqualTo(200);
		List<SseEvent> events = SseEvent.parse(response.body());
		assertThat(events).extracting(SseEvent::name).containsExactly("delta", "delta", "delta", "done");
		assertThat(events.get(3).json().path("keyRenewed").asBoolean()).isTrue();
		assertThat(OpenRouterStub.mintRequests()).hasSize(1);
		assertThat(OpenRouterStub.chatBearers()).containsExactly(OLD_KEY, OpenRouterStub.minted().get(0).key());
	}

	@Test
	void failuresBeforeTheFirstByteAreTheUsualProblems() {
		HttpResponse<String> model = stream(Tokens.user("alice"), "{\"prompt\":\"hi\",\"model\":\"openai/gpt-4o\"}");
		HttpResponse<String> blank = stream(Tokens.user("alice"), "{\"prompt\":\" \"}");
		HttpResponse<String> anonymous = stream(null, "{\"prompt\":\"hi\"}");

		assertThat(model.statusCode()).isEqualTo(400);
		assertThat(model.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(model.body()).contains("\"code\":\"invalid_model\"");
		assertThat(blank.statusCode()).isEqualTo(400);
		assertThat(blank.body()).contains("\"code\":\"invalid_request\"");
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(OpenRouterStub.chatRequests()).isEmpty();

		OpenRouterStub.chatFailsFor(402, "Insufficient credits");
		HttpResponse<String> credits = stream(Tokens.user("alice"), "{\"prompt\":\"hi\"}");

		assertThat(credits.statusCode()).isEqualTo(402);
		assertThat(credits.body()).contains("\"code\":\"credits_exhausted\"");
	}

	@Test
	void anUpstreamErrorAfterTheFirstByteIsAnErrorEventAndTheEnd() {
		OpenRouterStub.chatStreams(": OPENROUTER PROCESSING\n\n" + OpenRouterStub.chunk("Half an ")
				+ OpenRouterStub.errorChunk(429, "Provider rate limit: retry with key sk-or-v1-secret")
				+ OpenRouterStub.chunk("never sent"));

		HttpResponse<String> response = stream(Tokens.user("alice"), "{\"prompt\":\"hi\"}");

		List<SseEvent> events = SseEvent.parse(response.body());
		assertThat(events).extracting(SseEvent::name).containsExactly("delta", "error");
		assertThat(events.get(1).json().propertyNames()).containsExactly("code", "detail");
		assertThat(events.get(1).json().path("code").asString()).isEqualTo("upstream_rate_limited");
		assertThat(response.body()).doesNotContain("sk-or-v1-secret").doesNotContain("never sent");
	}

	@Test
	void aStreamThatEndsWithoutDoneIsAnError() {
		OpenRouterStub.chatStreams(OpenRouterStub.chunk("cut "));

		List<SseEvent> events = SseEvent.parse(stream(Tokens.user("alice"), "{\"prompt\":\"hi\"}").body());

		assertThat(events).extracting(SseEvent::name).containsExactly("delta", "error");
		assertThat(events.get(1).json().path("code").asString()).isEqualTo("upstream_error");
	}

	/** Chunks are relayed as they come: ten thousand of them, every one, in order. */
	@Test
	void relaysTenThousandChunks() {
		String[] pieces = new String[10_000];
		for (int i = 0; i < pieces.length; i++) {
			pieces[i] = i + " ";
		}
		OpenRouterStub.chatStreams(OpenRouterStub.stream(pieces));

		List<SseEvent> events = SseEvent.parse(stream(Tokens.user("alice"), "{\"prompt\":\"count\"}").body());

		assertThat(events).hasSize(10_001);
		assertThat(events.get(0).json().path("text").asString()).isEqualTo("0 ");
		assertThat(events.get(9_999).json().path("text").asString()).isEqualTo("9999 ");
		assertThat(events.get(10_000).name()).isEqualTo("done");
	}

	private HttpResponse<String> stream(String token, String body) {
		Map<String, String> headers = (token != null)
				? Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json", "Accept",
						"text/event-stream")
				: Map.of("Content-Type", "application/json", "Accept", "text/event-stream");
		return this.api.exchange("POST", "/analysis", headers, body);
	}

}
