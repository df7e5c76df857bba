package io.autorenew.web;

import java.util.List;

import io.autorenew.support.Api.Response;
import io.autorenew.support.IntegrationTest;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients see fields in the order they always did: Jackson 3 sorts properties
 * alphabetically by default, which would reorder every problem and answer.
 */
class ResponseFieldOrderIntegrationTests extends IntegrationTest {

	private static final List<String> PROBLEM = List.of("type", "title", "status", "detail", "instance", "code", "requestId");

	@Test
	void validationProblemKeepsItsFieldOrder() {
		Response response = this.api.analyse(Tokens.user("alice"), "{\"prompt\":\"  \"}");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().propertyNames()).containsExactlyElementsOf(concat(PROBLEM, "errors"));
	}

	@Test
	void securityProblemKeepsItsFieldOrder() {
		Response response = this.api.get("/analysis/key", null);

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.json().propertyNames()).containsExactly("type", "title", "status", "detail", "code", "requestId");
	}

	@Test
	void errorPageProblemKeepsItsFieldOrder() {
		Response response = this.api.get("/nowhere", Tokens.user("alice"));

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.json().propertyNames()).containsExactlyElementsOf(PROBLEM);
	}

	@Test
	void analysisAnswerKeepsItsFieldOrder() {
		Response response = this.api.analyse(Tokens.user("alice"), "{\"prompt\":\"Summarise this.\"}");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().propertyNames()).containsExactly("id", "model", "analysis", "usage", "maxTokens",
				"keyProvisioned", "keyRenewed");
		assertThat(response.json().path("usage").propertyNames()).containsExactly("promptTokens",
				"completionTokens", "totalTokens");
	}

	private static List<String> concat(List<String> head, String tail) {
		return java.util.stream.Stream.concat(head.stream(), java.util.stream.Stream.of(tail)).toList();
	}

}
