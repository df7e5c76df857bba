package io.autorenew.openai;

import java.net.http.HttpResponse;
import java.util.Map;

import io.autorenew.gateway.Policies;
import io.autorenew.support.IntegrationTest;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.OperatorAllowances;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What reaches OpenRouter from {@code /v1/chat/completions} is built by the chat policy:
 * fields that cost extra are accepted and dropped (named in {@code X-Dropped}), what is
 * unbounded is lowered, every forwarded field arrives unchanged, and a field of the wrong type
 * is refused, naming it, before anything reaches OpenRouter or mints a key.
 */
class ChatRequestSchemaIntegrationTests extends IntegrationTest {

	private static final String MESSAGES = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

	@ParameterizedTest
	@ValueSource(strings = { "\"models\":[\"openai/o1-pro\",\"openai/gpt-4o-mini\"]", "\"route\":\"fallback\"",
			"\"plugins\":[{\"id\":\"web\"}]", "\"web_search_options\":{\"search_context_size\":\"high\"}",
			"\"provider\":{\"max_price\":{\"prompt\":1000}}", "\"preset\":\"@preset/expensive\"",
			"\"transforms\":[\"middle-out\"]", "\"service_tier\":\"priority\"", "\"modalities\":[\"audio\"]",
			"\"made_up_field\":1" })
	void aFieldThatCouldSpendMoreIsDroppedAndNamed(String field) {
		String name = field.substring(1, field.indexOf('"', 1));

		HttpResponse<String> response = post("{\"model\":\"openai/gpt-4o-mini\"," + MESSAGES + "," + field + "}");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.headers().firstValue("X-Dropped")).hasValue(name);
		JsonNode sent = json(OpenRouterStub.chatRequests().get(0).getBodyAsString());
		assertThat(sent.has(name)).isFalse();
	}

	@Test
	void everyForwardedFieldArrivesUnchanged() {
		String body = """
				{"model":"openai/gpt-4o-mini","messages":[{"role":"system","content":"be brief"},
				 {"role":"user","content":[{"type":"text","text":"hi"}]}],
				 "stream":false,"max_tokens":100,"max_completion_tokens":200,"temperature":0.3,"top_p":0.9,
				 "stop":["END","STOP"],"seed":42,"presence_penalty":0.5,"frequency_penalty":-0.5,
				 "logit_bias":{"50256":-100},"logprobs":true,"top_logprobs":2,"response_format":{"type":"json_object"},
				 "tools":[{"type":"function","function":{"name":"lookup","parameters":{"type":"object"}}}],
				 "tool_choice":{"type":"function","function":{"name":"lookup"}},"parallel_tool_calls":false,
				 "prompt_cache_key":"session-1","user":"end-user-7","safety_identifier":"s-7","verbosity":"low",
				 "n":1}""";

		HttpResponse<String> response = post(body);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.headers().firstValue("X-Dropped")).isEmpty();
		JsonNode sent = json(OpenRouterStub.chatRequests().get(0).getBodyAsString());
		assertThat(sent).isEqualTo(json(body));
	}

	@Test
	void whatIsUnboundedIsLowered() {
		HttpResponse<String> response = post("{" + MESSAGES + ",\"max_tokens\":1000000,\"n\":8,"
				+ "\"reasoning\":{\"effort\":\"xhigh\",\"max_tokens\":1000000,\"enabled\":true},\"reasoning_effort\":\"max\"}");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode sent = json(OpenRouterStub.chatRequests().get(0).getBodyAsString());
		assertThat(sent.path("max_tokens").asInt()).isEqualTo(32000);
		assertThat(sent.path("n").asInt()).isEqualTo(1);
		assertThat(sent.path("reasoning")).isEqualTo(json("{\"effort\":\"high\",\"max_tokens\":32000,\"enabled\":true}"));
		assertThat(sent.path("reasoning_effort").asString()).isEqualTo("high");
	}

	@Test
	void streamOptionsArriveUnchangedAndTheCapIsSentWhenNoneIsGiven() {
		OpenRouterStub.chatStreams(OpenRouterStub.stream("Hi"));

		HttpResponse<String> response = post(
				"{" + MESSAGES + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}");

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode sent = json(OpenRouterStub.chatRequests().get(0).getBodyAsString());
		assertThat(sent.path("stream_options")).isEqualTo(json("{\"include_usage\":true}"));
		assertThat(sent.path("model").asString()).isEqualTo("openai/gpt-4o-mini");
		assertThat(sent.path("max_tokens").asInt()).isEqualTo(32000);
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"temperature\":2.01", "\"temperature\":\"hot\"", "\"top_p\":1.5",
			"\"presence_penalty\":-2.5", "\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]", "\"stop\":[1]",
			"\"tools\":{}", "\"tool_choice\":1", "\"user\":7", "\"seed\":1.5", "\"stream\":\"yes\"",
			"\"stream_options\":true", "\"response_format\":\"json\"", "\"max_tokens\":0", "\"n\":0",
			"\"reasoning\":{\"effort\":\"enormous\"}", "\"messages\":[{\"content\":\"no role\"}]",
			"\"messages\":[\"hi\"]" })
	void aFieldOfTheWrongTypeOrRangeIsRefused(String field) {
		String name = field.substring(1, field.indexOf('"', 1));
		String body = name.equals("messages") ? "{" + field + "}" : "{" + MESSAGES + "," + field + "}";

		HttpResponse<String> response = post(body);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(json(response.body()).path("error").path("param").asString()).startsWith(name);
		assertThat(OpenRouterStub.chatRequests()).isEmpty();
		assertThat(OpenRouterStub.mintRequests()).isEmpty();
	}

	@Test
	void theBoundaryValuesOfARangeAreAccepted() {
		HttpResponse<String> response = post("{" + MESSAGES
				+ ",\"temperature\":2,\"top_p\":0,\"presence_penalty\":-2,\"frequency_penalty\":2,\"stop\":[\"a\",\"b\",\"c\",\"d\"]}");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
	}

	@Test
	void theApiDescriptionListsTheFieldsThePolicySendsOn() {
		JsonNode schema = this.api.get("/v3/api-docs", null)
			.json()
			.path("components")
			.path("schemas")
			.path(OpenAiConfiguration.CHAT_REQUEST);

		assertThat(schema.path("properties").propertyNames())
			.containsExactlyElementsOf(Policies.CHAT.sentFields().keySet());
		assertThat(schema.path("additionalProperties").asBoolean(false)).isTrue();
	}

	private HttpResponse<String> post(String body) {
		return this.api.exchange("POST", "/v1/chat/completions",
				Map.of("Authorization", "Bearer " + Tokens.user("alice"), "Content-Type", "application/json"), body);
	}

	private static JsonNode json(String text) {
		return JsonMapper.shared().readTree(text);
	}

	/** An operator who lets a field through takes its cost risk: it goes on as sent. */
	@Nested
	@TestPropertySource(properties = { OperatorAllowances.SERVER_TOOLS, OperatorAllowances.BETAS,
			OperatorAllowances.CACHE_TTL_1H, OperatorAllowances.PASSTHROUGH })
	class WithPassthroughFields {

		@Test
		void aFieldTheOperatorLetsThroughGoesOnAsSent() {
			HttpResponse<String> response = post("{" + MESSAGES
					+ ",\"provider\":{\"order\":[\"openai\"]},\"plugins\":[{\"id\":\"web\"}],\"route\":\"fallback\"}");

			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			assertThat(response.headers().firstValue("X-Dropped")).hasValue("route");
			JsonNode sent = json(OpenRouterStub.chatRequests().get(0).getBodyAsString());
			assertThat(sent.path("provider")).isEqualTo(json("{\"order\":[\"openai\"]}"));
			assertThat(sent.path("plugins")).isEqualTo(json("[{\"id\":\"web\"}]"));
			assertThat(sent.has("route")).isFalse();
		}

	}

}
