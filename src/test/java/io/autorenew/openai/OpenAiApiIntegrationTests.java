package io.autorenew.openai;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import io.autorenew.support.IntegrationTest;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.SseEvent;
import io.autorenew.support.StoredKeys;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /v1/chat/completions} and {@code /v1/models} as OpenAI clients call them: the JWT as
 * the API key, OpenRouter's answers passed through, errors in OpenAI's shape with the
 * service's codes.
 */
class OpenAiApiIntegrationTests extends IntegrationTest {

	private static final String OLD_KEY = "sk-or-v1-0000000000000000000000000000000000000000000000000000000000old3";

	@Test
	void completionPassesOpenRoutersAnswerThroughAndBoundsTheRequest() {
		HttpResponse<String> response = post(Tokens.user("alice"), """
				{"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"hi"}],
				 "temperature":0.2,"max_tokens":99999,"tools":[{"type":"function","function":{"name":"f"}}]}""");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode answer = json(response.body());
		assertThat(answer.path("object").asString()).isEqualTo("chat.completion");
		assertThat(answer.path("choices").path(0).path("message").path("content").asString())
			.isEqualTo("The text is short and clear.");
		JsonNode sent = json(OpenRouterStub.chatRequests().get(0).getBodyAsString());
		assertThat(sent.path("max_tokens").asInt()).isEqualTo(32000);
		assertThat(sent.path("temperature").asDouble()).isEqualTo(0.2);
		assertThat(sent.path("tools").path(0).path("function").path("name").asString()).isEqualTo("f");
		assertThat(OpenRouterStub.mintRequests()).hasSize(1);
	}

	@Test
	void streamedCompletionRelaysTheChunksAsTheyAre() {
		HttpResponse<String> response = post(Tokens.user("alice"),
				"{\"model\":\"openai/gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

		assertThat(response.statusCode()).isEqualTo(200);
		List<SseEvent> events = SseEvent.parse(response.body());
		assertThat(events).hasSize(5);
		assertThat(events.get(0).json().path("object").asString()).isEqualTo("chat.completion.chunk");
		assertThat(events.get(0).json().path("choices").path(0).path("delta").path("content").asString())
			.isEqualTo("The text ");
		assertThat(events.get(3).json().path("usage").path("total_tokens").asInt()).isEqualTo(19);
		assertThat(events.get(4).data()).isEqualTo("[DONE]");
	}

	/** An upstream value that holds a line break cannot start an SSE field of its own downstream. */
	@Test
	void anUpstreamLineBreakCannotInjectAnEventField() {
		OpenRouterStub.chatStreams("data: x\ndata: event: injected\ndata: id: 7\n\ndata: [DONE]\n\n");

		HttpResponse<String> response = post(Tokens.user("alice"),
				"{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body().lines()).allMatch((line) -> line.isEmpty() || line.startsWith("data: ")
				|| line.startsWith(":"));
		List<SseEvent> events = SseEvent.parse(response.body());
		assertThat(events).extracting(SseEvent::name).containsOnly("message");
		assertThat(events).hasSize(1);
		assertThat(events.get(0).json().path("error").path("code").asString()).isEqualTo("upstream_invalid");
		assertThat(response.body()).doesNotContain("injected");
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
	}

	@Test
	void aMidStreamErrorChunkBecomesOpenAisErrorWithTheServicesCode() {
		OpenRouterStub.chatStreams(OpenRouterStub.chunk("Part ") + OpenRouterStub.errorChunk(402, "secret upstream text")
				+ "data: [DONE]\n\n");

		HttpResponse<String> response = post(Tokens.user("alice"),
				"{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

		List<SseEvent> events = SseEvent.parse(response.body());
		assertThat(events).hasSize(2);
		assertThat(events.get(0).json().path("choices").path(0).path("delta").path("content").asString())
			.isEqualTo("Part ");
		JsonNode error = events.get(1).json().path("error");
		assertThat(error.path("code").asString()).isEqualTo("credits_exhausted");
		assertThat(error.path("type").asString()).isEqualTo("api_error");
		assertThat(response.body()).doesNotContain("secret upstream text");
	}

	@Test
	void aPlainAnswerThatIsNotAChatCompletionIsUpstreamInvalid() {
		OpenRouterStub.stub(com.github.tomakehurst.wiremock.client.WireMock
			.post(com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/api/v1/chat/completions"))
			.atPriority(1)
			.willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson("{\"hello\":\"<html>\"}")));

		HttpResponse<String> response = post(Tokens.user("alice"),
				"{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

		assertOpenAiError(response, 502, "api_error", "upstream_invalid");
		assertThat(response.body()).doesNotContain("hello");
	}

	@Test
	void aRejectedKeyIsRenewedBeforeTheAnswer() {
		StoredKeys.seed("alice", OLD_KEY, "hash-old-openai");
		OpenRouterStub.chatRejects(OLD_KEY, 401, "User not found.");

		HttpResponse<String> response = post(Tokens.user("alice"),
				"{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(OpenRouterStub.chatBearers()).containsExactly(OLD_KEY, OpenRouterStub.minted().get(0).key());
	}

	@Test
	void errorsHaveOpenAisShapeAndTheServicesCodes() {
		HttpResponse<String> model = post(Tokens.user("alice"),
				"{\"model\":\"openai/gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
		HttpResponse<String> messages = post(Tokens.user("alice"), "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[]}");
		HttpResponse<String> anonymous = post(null, "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

		assertOpenAiError(model, 400, "invalid_request_error", "invalid_model");
		assertOpenAiError(messages, 400, "invalid_request_error", "invalid_request");
		assertOpenAiError(anonymous, 401, "authentication_error", "unauthorized");
		assertThat(OpenRouterStub.chatRequests()).isEmpty();

		OpenRouterStub.chatFailsFor(402, "Insufficient credits");
		assertOpenAiError(post(Tokens.user("alice"), "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), 402,
				"invalid_request_error", "credits_exhausted");
	}

	@Test
	void modelsListsTheAllowListInOpenAisShape() {
		HttpResponse<String> response = this.api.exchange("GET", "/v1/models",
				Map.of("Authorization", "Bearer " + Tokens.user("alice")), null);

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode list = json(response.body());
		assertThat(list.path("object").asString()).isEqualTo("list");
		assertThat(list.path("data").findValuesAsString("id")).contains("openai/gpt-4o-mini", "anthropic/claude-haiku-4.5")
			.doesNotContain("openai/gpt-4o");
		assertThat(list.path("data").path(0).path("object").asString()).isEqualTo("model");
		assertThat(list.path("data").path(0).path("created").asLong()).isEqualTo(1721260800L);
		assertThat(list.path("data").path(0).path("owned_by").asString()).isEqualTo("openai");
	}

	private void assertOpenAiError(HttpResponse<String> response, int status, String type, String code) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(value) -> assertThat(value).startsWith("application/json"));
		JsonNode error = json(response.body()).path("error");
		assertThat(error.path("type").asString()).isEqualTo(type);
		assertThat(error.path("code").asString()).isEqualTo(code);
		assertThat(error.path("message").asString()).isNotBlank();
	}

	private HttpResponse<String> post(String token, String body) {
		Map<String, String> headers = (token != null)
				? Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json")
				: Map.of("Content-Type", "application/json");
		return this.api.exchange("POST", "/v1/chat/completions", headers, body);
	}

	private static JsonNode json(String text) {
		return JsonMapper.shared().readTree(text);
	}

}
