package io.autorenew.anthropic;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.autorenew.support.IntegrationTest;
import io.autorenew.support.OpenRouterLedger;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.SseEvent;
import io.autorenew.support.StoredKeys;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /v1/messages}, Anthropic's Messages API: the token as a bearer or as
 * {@code x-api-key}, the request rebuilt from the accepted fields and sent to OpenRouter with
 * the user's own key as a bearer, typed events relayed, errors in Anthropic's shape.
 */
class MessagesApiIntegrationTests extends IntegrationTest {

	private static final String REQUEST = "{\"model\":\"anthropic/claude-haiku-4.5\",\"max_tokens\":256,"
			+ "\"messages\":[{\"role\":\"user\",\"content\":\"Summarise the report.\"}]}";

	@Test
	void aPlainMessageWithTheTokenAsApiKeyGoesUpstreamWithTheUsersKeyAsABearer() {
		HttpResponse<String> answer = post(Map.of("x-api-key", Tokens.user("alice"), "anthropic-version",
				"2023-06-01", "anthropic-beta", "prompt-caching-2024-07-31"), REQUEST);

		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		assertThat(json(answer.body()).at("/content/0/text").asString()).isEqualTo("The text is short and clear.");
		LoggedRequest upstream = upstream().get(0);
		assertThat(upstream.getHeader("Authorization")).isEqualTo("Bearer " + OpenRouterStub.minted().get(0).key());
		assertThat(upstream.getHeader("x-api-key")).isNull();
		assertThat(upstream.getHeader("anthropic-version")).isEqualTo("2023-06-01");
		assertThat(upstream.getHeader("anthropic-beta")).isEqualTo("prompt-caching-2024-07-31");
		assertThat(json(upstream.getBodyAsString()).path("max_tokens").asInt()).isEqualTo(256);
	}

	@Test
	void aStreamRelaysTheTypedEventsWithTheirNamesAndTheTokenCap() {
		HttpResponse<String> answer = post(Map.of("Authorization", "Bearer " + Tokens.user("alice")),
				"{\"model\":\"anthropic/claude-haiku-4.5\",\"max_tokens\":50000,\"stream\":true,\"system\":\"Be brief.\","
						+ "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":512},"
						+ "\"messages\":[{\"role\":\"user\",\"content\":\"Summarise.\"}]}");

		assertThat(answer.statusCode()).isEqualTo(200);
		List<SseEvent> events = SseEvent.parse(answer.body());
		assertThat(events).extracting(SseEvent::name)
			.containsExactly("message_start", "content_block_start", "ping", "content_block_delta",
					"content_block_delta", "content_block_stop", "message_delta", "message_stop");
		JsonNode sent = json(upstream().get(0).getBodyAsString());
		assertThat(sent.path("max_tokens").asInt()).as("lowered to the cap").isEqualTo(32000);
		assertThat(sent.path("thinking").path("budget_tokens").asInt()).isEqualTo(512);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"{\"model\":\"anthropic/claude-haiku-4.5\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}|max_tokens",
			"{\"model\":\"anthropic/claude-haiku-4.5\",\"max_tokens\":10,\"messages\":[]}|messages",
			"{\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}|model",
			"{\"model\":\"anthropic/claude-haiku-4.5\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"top_k\":-1}|top_k",
			"{\"model\":\"anthropic/claude-haiku-4.5\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"thinking\":{\"type\":\"unlimited\"}}|thinking",
			"{\"model\":\"anthropic/claude-haiku-4.5\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":1.5}|temperature" })
	void malformedFieldsAreNamedInAnthropicsShapeAndNothingReachesOpenRouter(String body, String param) {
		HttpResponse<String> answer = post(Map.of("x-api-key", Tokens.user("alice")), body);

		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
		JsonNode error = json(answer.body());
		assertThat(error.path("type").asString()).isEqualTo("error");
		assertThat(error.at("/error/type").asString()).isEqualTo("invalid_request_error");
		assertThat(error.at("/error/code").asString()).isEqualTo("invalid_request");
		assertThat(error.at("/error/param").asString()).isEqualTo(param);
		assertThat(upstream()).isEmpty();
		assertThat(OpenRouterStub.mintRequests()).isEmpty();
	}

	@Test
	void errorsOfTheServiceComeInAnthropicsShapeWithTheirStatus() {
		HttpResponse<String> model = post(Map.of("x-api-key", Tokens.user("alice")),
				REQUEST.replace("anthropic/claude-haiku-4.5", "openai/o1-pro"));
		assertThat(model.statusCode()).isEqualTo(400);
		assertThat(json(model.body()).at("/error/code").asString()).isEqualTo("invalid_model");

		HttpResponse<String> noToken = post(Map.of(), REQUEST);
		assertThat(noToken.statusCode()).isEqualTo(401);
		assertThat(json(noToken.body()).at("/error/type").asString()).isEqualTo("authentication_error");

		HttpResponse<String> badKey = post(Map.of("x-api-key", "not-a-token"), REQUEST);
		assertThat(badKey.statusCode()).isEqualTo(401);
		assertThat(json(badKey.body()).path("type").asString()).isEqualTo("error");

		this.api.postEmpty("/admin/users/alice/suspend?create=true", Tokens.admin());
		HttpResponse<String> suspended = post(Map.of("x-api-key", Tokens.user("alice")), REQUEST);
		assertThat(suspended.statusCode()).isEqualTo(403);
		assertThat(json(suspended.body()).at("/error/type").asString()).isEqualTo("permission_error");
		assertThat(json(suspended.body()).at("/error/code").asString()).isEqualTo("user_suspended");
	}

	@Test
	void anExpiredKeyIsRenewedBeforeTheFirstByte() {
		OpenRouterStub.messagesCheckLedger();
		assertThat(post(Map.of("x-api-key", Tokens.user("alice")), REQUEST).statusCode()).isEqualTo(200);
		OpenRouterLedger.expire(OpenRouterLedger.live().get(0).key());

		HttpResponse<String> renewed = post(Map.of("x-api-key", Tokens.user("alice")), REQUEST);

		assertThat(renewed.statusCode()).isEqualTo(200);
		assertThat(OpenRouterStub.mintRequests()).hasSize(2);
		assertThat(StoredKeys.of("alice").getInteger("renewal_count")).isEqualTo(1);
	}

	@Test
	void anUpstreamErrorEventEndsTheStreamInAnthropicsShape() {
		OpenRouterStub.stub(com.github.tomakehurst.wiremock.client.WireMock
			.post(com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(OpenRouterStub.MESSAGES))
			.atPriority(1)
			.willReturn(OpenRouterStub.eventStream("""
					event: message_start
					data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[]}}

					event: error
					data: {"type":"error","error":{"type":"overloaded_error","message":"secret upstream text"}}

					""")));

		HttpResponse<String> answer = post(Map.of("x-api-key", Tokens.user("alice")),
				REQUEST.replace("\"max_tokens\":256", "\"max_tokens\":256,\"stream\":true"));

		List<SseEvent> events = SseEvent.parse(answer.body());
		assertThat(events).extracting(SseEvent::name).containsExactly("message_start", "error");
		assertThat(events.get(1).json().path("type").asString()).isEqualTo("error");
		assertThat(events.get(1).json().at("/error/type").asString()).isEqualTo("api_error");
		assertThat(answer.body()).doesNotContain("secret upstream text");
	}

	private HttpResponse<String> post(Map<String, String> headers, String body) {
		Map<String, String> all = new java.util.HashMap<>(headers);
		all.put("Content-Type", "application/json");
		return this.api.exchange("POST", "/v1/messages", all, body);
	}

	private static List<LoggedRequest> upstream() {
		return OpenRouterStub.requests("POST", OpenRouterStub.MESSAGES);
	}

	private static JsonNode json(String text) {
		return JsonMapper.shared().readTree(text);
	}

}
