package io.autorenew.web;

import io.autorenew.support.Api.Response;
import io.autorenew.support.IntegrationTest;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A refused request says what is wrong: the field and the problem, the line and column of a
 * syntax error, the size limit in bytes, and never a Spring internal.
 */
class ClearErrorsIntegrationTests extends IntegrationTest {

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			unknown field            | {"text":"hi"}                      | Unknown field `text`; the fields are `prompt`, `model`, `maxTokens`.
			prompt not a string      | {"prompt":42}                      | `prompt` must be a string.
			model not a string       | {"prompt":"hi","model":true}       | `model` must be a string.
			maxTokens not an integer | {"prompt":"hi","maxTokens":"9"}    | `maxTokens` must be an integer.
			maxTokens too large      | {"prompt":"hi","maxTokens":9999999999} | `maxTokens` is out of range for an integer.
			duplicate field          | {"prompt":"a","prompt":"b"}        | Duplicate field `prompt` at line 1, column 23.
			syntax error             | {"prompt":"hi",}                   | JSON syntax error at line 1, column 16.
			missing brace            | {"prompt":"hi"                     | JSON syntax error at line 1, column 15.
			trailing content         | {"prompt":"hi"} {}                 | Unexpected content after the JSON object at line 1, column 17.
			an array, not an object  | ["hi"]                             | The request body must be a JSON object at line 1, column 1.
			""")
	void badBodyNamesTheFieldAndTheProblem(String what, String body, String detail) {
		// counted around the call: a test class before this one may still be tidying up upstream
		int before = OpenRouterStub.totalRequests();

		Response response = this.api.analyse(Tokens.user("alice"), body);

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.code()).isEqualTo("invalid_request");
		assertThat(response.json().path("detail").asString()).isEqualTo(detail);
		assertThat(OpenRouterStub.totalRequests()).as("upstream requests of this call").isEqualTo(before);
	}

	@Test
	void unknownFieldIsListedInErrors() {
		Response response = this.api.analyse(Tokens.user("alice"), "{\"prompt\":\"hi\",\"text\":\"x\"}");

		assertThat(response.json().path("errors").get(0).path("field").asString()).isEqualTo("text");
		assertThat(response.json().path("errors").get(0).path("message").asString()).isEqualTo("unknown field");
	}

	@Test
	void fieldNamesThatAreNotPlainAreNotEchoed() {
		Response response = this.api.analyse(Tokens.user("alice"), "{\"<script>alert(1)</script>\":\"x\"}");

		assertThat(response.json().path("detail").asString()).startsWith("Unknown field `(unnamed)`")
			.doesNotContain("script");
	}

	@Test
	void emptyBodySaysSo() {
		Response response = this.api.analyse(Tokens.user("alice"), "");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().path("detail").asString()).isEqualTo("The request body is empty: send a JSON object.");
	}

	@Test
	void oversizedBodyStatesTheLimitInBytes() {
		Response response = this.api.analyse(Tokens.user("alice"), "{\"prompt\":\"" + "a".repeat(1_100_000) + "\"}");

		assertThat(response.status()).isEqualTo(413);
		assertThat(response.code()).isEqualTo("request_too_large");
		assertThat(response.json().path("detail").asString())
			.isEqualTo("The request body is larger than the 1048576 bytes the service accepts (MAX_REQUEST_SIZE).");
		assertThat(response.json().path("maxBytes").asLong()).isEqualTo(1_048_576);
	}

	@Test
	void trailingSlashIsACleanNotFound() {
		Response response = this.api.analyse(Tokens.user("alice"), "{\"prompt\":\"hi\"}");
		Response slash = this.api.post("/analysis/", Tokens.user("alice"), "application/json", "{\"prompt\":\"hi\"}");

		assertThat(response.status()).isEqualTo(200);
		assertThat(slash.status()).isEqualTo(404);
		assertThat(slash.code()).isEqualTo("not_found");
		assertThat(slash.json().path("detail").asString()).isEqualTo("Nothing is served at this path.");
		assertThat(slash.body()).doesNotContain("static resource");
	}

}
