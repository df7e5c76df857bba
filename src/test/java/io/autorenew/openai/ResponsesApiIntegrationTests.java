package io.autorenew.openai;

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
 * {@code POST /v1/responses}, OpenAI's Responses API: rebuilt from the accepted fields and sent
 * to OpenRouter's stateless Responses API with the user's own key, plain or as typed events,
 * with the allow-list, the token cap, renewal on a 401 and errors in OpenAI's shape.
 */
class ResponsesApiIntegrationTests extends IntegrationTest {

	private static final String REQUEST = "{\"model\":\"openai/gpt-4o-mini\",\"input\":\"Summarise the report.\"}";

	@Test
	void aPlainResponseIsOpenRoutersAnswerWithTheUsersOwnKey() {
		HttpResponse<String> answer = post(Tokens.user("alice"), REQUEST);

		assertThat(answer.statusCode()).isEqualTo(200);
		JsonNode response = json(answer.body());
		assertThat(response.path("object").asString()).isEqualTo("response");
		assertThat(response.at("/output/0/content/0/text").asString()).isEqualTo("The text is short and clear.");
		LoggedRequest upstream = upstream().get(0);
		assertThat(upstream.getHeader("Authorization"))
			.isEqualTo("Bearer " + OpenRouterStub.minted().get(0).key());
		assertThat(json(upstream.getBodyAsString()).toString()).isEqualTo(
				"{\"model\":\"openai/gpt-4o-mini\",\"input\":\"Summarise the report.\",\"max_output_tokens\":32000}");
	}

	@Test
	void aStreamRelaysTheTypedEventsWithTheirNames() {
		HttpResponse<String> answer = post(Tokens.user("alice"),
				"{\"input\":[{\"role\":\"user\",\"content\":\"Summarise.\"}],\"stream\":true,\"store\":false,"
						+ "\"max_output_tokens\":50000,\"instructions\":\"Be brief.\",\"temperature\":0.2}");

		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
		List<SseEvent> events = SseEvent.parse(answer.body());
		assertThat(events).extracting(SseEvent::name)
			.containsExactly("response.created", "response.output_item.added", "response.output_text.delta",
					"response.output_text.delta", "response.output_item.done", "response.completed");
		assertThat(events.get(2).json().path("delta").asString()).isEqualTo("The text ");
		JsonNode sent = json(upstream().get(0).getBodyAsString());
		assertThat(sent.path("max_output_tokens").asInt()).as("lowered to the cap").isEqualTo(32000);
		assertThat(sent.path("model").asString()).as("the default model").isEqualTo("openai/gpt-4o-mini");
		assertThat(sent.path("store").asBoolean(true)).isFalse();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "{\"input\":\"hi\",\"previous_response_id\":\"resp_1\"}|previous_response_id",
			"{\"input\":\"hi\",\"store\":true}|store", "{\"input\":\"hi\",\"background\":true}|background",
			"{\"input\":\"hi\",\"conversation\":\"conv_1\"}|conversation",
			"{\"input\":\"hi\",\"reasoning\":{\"effort\":\"enormous\"}}|reasoning.effort",
			"{\"input\":\"hi\",\"include\":\"reasoning.encrypted_content\"}|include",
			"{\"input\":\"\"}|input", "{\"input\":[]}|input", "{\"model\":\"openai/gpt-4o-mini\"}|input",
			"{\"input\":\"hi\",\"max_output_tokens\":0}|max_output_tokens",
			"{\"input\":\"hi\",\"temperature\":3}|temperature" })
	void refusedFieldsAreNamedInOpenAisShapeAndNothingReachesOpenRouter(String body, String param) {
		HttpResponse<String> answer = post(Tokens.user("alice"), body);

		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
		JsonNode error = json(answer.body()).path("error");
		assertThat(error.path("code").asString()).isEqualTo("invalid_request");
		assertThat(error.path("type").asString()).isEqualTo("invalid_request_error");
		assertThat(error.path("param").asString()).isEqualTo(param);
		assertThat(upstream()).isEmpty();
		assertThat(OpenRouterStub.mintRequests()).as("invalid input never mints").isEmpty();
	}

	@Test
	void aModelOutsideTheAllowListIsInvalidModel() {
		HttpResponse<String> answer = post(Tokens.user("alice"), "{\"model\":\"openai/o1-pro\",\"input\":\"hi\"}");

		assertThat(answer.statusCode()).isEqualTo(400);
		assertThat(json(answer.body()).at("/error/code").asString()).isEqualTo("invalid_model");
		assertThat(json(answer.body()).at("/error/message").asString()).as("names the models on offer")
			.contains("openai/gpt-4o-mini", "anthropic/claude-haiku-4.5", "GET /v1/models");
		assertThat(upstream()).isEmpty();
	}

	@Test
	void anExpiredKeyIsRenewedBeforeTheFirstByteForPlainAndStreamedResponses() {
		OpenRouterStub.responsesCheckLedger();
		assertThat(post(Tokens.user("alice"), REQUEST).statusCode()).isEqualTo(200);
		OpenRouterLedger.expire(OpenRouterLedger.live().get(0).key());

		HttpResponse<String> renewed = post(Tokens.user("alice"), REQUEST);

		assertThat(renewed.statusCode()).isEqualTo(200);
		assertThat(json(renewed.body()).path("object").asString()).isEqualTo("response");
		assertThat(OpenRouterStub.mintRequests()).hasSize(2);
		assertThat(StoredKeys.of("alice").getInteger("renewal_count")).isEqualTo(1);
	}

	@Test
	void anAnswerThatIsNotAResponseIsUpstreamInvalid() {
		OpenRouterStub.stub(com.github.tomakehurst.wiremock.client.WireMock
			.post(com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(OpenRouterStub.RESPONSES))
			.atPriority(1)
			.willReturn(OpenRouterStub.json(200, "{\"choices\":[]}")));

		HttpResponse<String> answer = post(Tokens.user("alice"), REQUEST);

		assertThat(answer.statusCode()).isEqualTo(502);
		assertThat(json(answer.body()).at("/error/code").asString()).isEqualTo("upstream_invalid");
	}

	private HttpResponse<String> post(String token, String body) {
		return this.api.exchange("POST", "/v1/responses",
				Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json"), body);
	}

	private static List<LoggedRequest> upstream() {
		return OpenRouterStub.requests("POST", OpenRouterStub.RESPONSES);
	}

	private static JsonNode json(String text) {
		return JsonMapper.shared().readTree(text);
	}

}
