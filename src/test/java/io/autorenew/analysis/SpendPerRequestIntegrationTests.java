package io.autorenew.analysis;

import io.autorenew.support.Api.Response;
import io.autorenew.support.IntegrationTest;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.StoredKeys;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One request cannot spend a key's whole limit: only the default allow-list's cheap models are
 * offered, and every chat request carries {@code max_tokens}, at most
 * {@code OPENROUTER_MAX_TOKENS} (32000).
 */
class SpendPerRequestIntegrationTests extends IntegrationTest {

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "openai/gpt-4o-mini", "openai/gpt-4.1-mini", "google/gemini-2.5-flash",
			"anthropic/claude-haiku-4.5", "meta-llama/llama-3.3-70b-instruct",
			"anthropic/claude-sonnet-4.6", "openai/gpt-5-mini" })
	void modelsOfTheDefaultAllowListAreOffered(String model) {
		Response response = this.api.analyse(Tokens.user("alice"), "{\"prompt\":\"hi\",\"model\":\"" + model + "\"}");

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(chatSent().path("model").asString()).isEqualTo(model);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "openai/gpt-4o", "anthropic/claude-3-opus", "openai/o1-pro", "openai/gpt-4o-mini:online" })
	void dearerModelsAreRefusedBeforeAnythingIsSpent(String model) {
		Response response = this.api.analyse(Tokens.user("alice"), "{\"prompt\":\"hi\",\"model\":\"" + model + "\"}");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.code()).isEqualTo("invalid_model");
		assertThat(OpenRouterStub.totalRequests()).isZero();
		assertThat(StoredKeys.all()).isEmpty();
	}

	@Test
	void withoutMaxTokensTheCapIsSentAndReported() {
		Response response = this.api.analyse(Tokens.user("alice"), "{\"prompt\":\"hi\"}");

		assertThat(chatSent().path("max_tokens").asInt()).isEqualTo(32000);
		assertThat(response.json().path("maxTokens").asInt()).isEqualTo(32000);
	}

	@ParameterizedTest(name = "asked {0}, sent {1}")
	@CsvSource({ "1, 1", "50, 50", "31999, 31999", "32000, 32000", "32001, 32000", "100000, 32000", "2147483647, 32000" })
	void maxTokensIsTheCallersValueLoweredToTheCap(int asked, int sent) {
		Response response = this.api.analyse(Tokens.user("alice"), "{\"prompt\":\"hi\",\"maxTokens\":" + asked + "}");

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(chatSent().path("max_tokens").asInt()).isEqualTo(sent);
		assertThat(response.json().path("maxTokens").asInt()).isEqualTo(sent);
	}

	@ParameterizedTest(name = "maxTokens {0}")
	@ValueSource(strings = { "0", "-1", "\"42\"", "1.5", "1e3", "true", "\"\"", "2147483648", "[1]", "{}" })
	void maxTokensThatIsNotAPositiveIntegerIsRefused(String value) {
		Response response = this.api.analyse(Tokens.user("alice"), "{\"prompt\":\"hi\",\"maxTokens\":" + value + "}");

		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.code()).isEqualTo("invalid_request");
		assertThat(OpenRouterStub.totalRequests()).isZero();
		assertThat(StoredKeys.all()).isEmpty();
	}

	private static JsonNode chatSent() {
		assertThat(OpenRouterStub.chatRequests()).hasSize(1);
		return tools.jackson.databind.json.JsonMapper.shared().readTree(OpenRouterStub.chatRequests().get(0).getBodyAsString());
	}

}
