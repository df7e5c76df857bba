package io.autorenew.analysis;

import io.autorenew.support.Api.Response;
import io.autorenew.support.IntegrationTest;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.StoredKeys;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input gets a clear problem and costs nothing: it never reaches OpenRouter and never
 * mints a key.
 */
class BadInputIntegrationTests extends IntegrationTest {

	@AfterEach
	void nothingReachedOpenRouter() {
		assertThat(OpenRouterStub.totalRequests()).isZero();
		assertThat(StoredKeys.all()).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			malformed JSON             | {"prompt":
			not an object              | "just a string"
			empty object               | {}
			null prompt                | {"prompt":null}
			blank prompt               | {"prompt":"   "}
			empty prompt               | {"prompt":""}
			number prompt              | {"prompt":42}
			boolean prompt             | {"prompt":true}
			array prompt               | {"prompt":["a","b"]}
			object prompt              | {"prompt":{"text":"a"}}
			number model               | {"prompt":"hi","model":7}
			unknown field              | {"prompt":"hi","userId":"bob"}
			duplicate prompt           | {"prompt":"hi","prompt":"again"}
			empty body                 | ''
			""")
	void invalidBodyIsABadRequest(String name, String body) {
		Response response = this.api.analyse(Tokens.user("alice"), body);

		assertThat(response.status()).as(name).isEqualTo(400);
		assertThat(response.code()).as(name).isEqualTo("invalid_request");
		assertThat(response.json().path("type").asString()).isEqualTo("/problems/invalid-request");
		assertThat(response.json().path("status").asInt()).isEqualTo(400);
	}

	@Test
	void invalidModelIsABadRequest() {
		Response response = this.api.analyse(Tokens.user("alice"), "{\"prompt\":\"hi\",\"model\":\"../../etc\"}");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.code()).isEqualTo("invalid_model");
	}

	@Test
	void promptAtTheLimitIsAccepted() {
		Response response = this.api.analyse(Tokens.user("alice"),
				"{\"prompt\":\"" + "a".repeat(AnalysisRequest.MAX_PROMPT) + "\",\"model\":\"../bad\"}");

		assertThat(response.code()).isEqualTo("invalid_model");
	}

	@Test
	void promptOverTheLimitIsTooLarge() {
		Response response = this.api.analyse(Tokens.user("alice"),
				"{\"prompt\":\"" + "a".repeat(AnalysisRequest.MAX_PROMPT + 1) + "\"}");

		assertThat(response.status()).isEqualTo(413);
		assertThat(response.code()).isEqualTo("prompt_too_large");
		assertThat(response.body()).doesNotContain("aaaaaaaaaa");
	}

	@Test
	void wrongContentTypeIsUnsupported() {
		Response response = this.api.post("/analysis", Tokens.user("alice"), "text/plain", "{\"prompt\":\"hi\"}");

		assertThat(response.status()).isEqualTo(415);
		assertThat(response.code()).isEqualTo("unsupported_media_type");
	}

	@Test
	void missingContentTypeIsUnsupported() {
		Response response = this.api.post("/analysis", Tokens.user("alice"), null, "{\"prompt\":\"hi\"}");

		assertThat(response.status()).isEqualTo(415);
		assertThat(response.code()).isEqualTo("unsupported_media_type");
	}

	@Test
	void wrongMethodIsNotAllowed() {
		Response response = this.api.delete("/analysis", Tokens.user("alice"));

		assertThat(response.status()).isEqualTo(405);
		assertThat(response.code()).isEqualTo("method_not_allowed");
	}

	@Test
	void detailNeverEchoesThePrompt() {
		Response response = this.api.analyse(Tokens.user("alice"), "{\"prompt\":\"secret plans\",\"extra\":1}");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body()).doesNotContain("secret plans");
	}

}
