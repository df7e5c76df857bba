package io.autorenew.analysis;

import java.util.List;

import io.autorenew.support.Api.Response;
import io.autorenew.support.IntegrationTest;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.StoredKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Garbage in, a problem out: every request of the {@link HostileRequestCorpus} gets a 4xx
 * {@code application/problem+json} answer with its stable {@code code} and a detail that
 * does not repeat the input, and none of them reaches OpenRouter or mints a key.
 */
class HostileRequestCorpusTests extends IntegrationTest {

	static final List<HostileRequestCorpusEntry> CORPUS = HostileRequestCorpus.entries();

	@ParameterizedTest(name = "{0}")
	@FieldSource("CORPUS")
	void hostileRequestGetsAStableProblemAndCostsNothing(HostileRequestCorpusEntry entry) throws Exception {
		Response response = HostileRequestCorpusWire.send(this.port, entry);

		assertThat(response.status()).as("status of '%s': %s", entry, response.body()).isEqualTo(entry.status());
		assertThat(response.contentType()).as("content type of '%s': %s", entry, response.body())
			.startsWith("application/problem+json");
		JsonNode problem = response.json();
		assertThat(problem.path("code").asString()).as("code of '%s'", entry).isEqualTo(entry.code());
		assertThat(problem.path("type").asString()).as("type").isEqualTo("/problems/" + entry.code().replace('_', '-'));
		assertThat(problem.path("title").asString()).as("title").isNotBlank();
		assertThat(problem.path("status").asInt()).as("status field").isEqualTo(entry.status());
		assertThat(problem.path("detail").asString()).as("detail").isNotBlank();
		if (entry.echo() != null) {
			assertThat(problem.path("detail").asString()).as("detail echoes the input").doesNotContain(entry.echo());
			assertThat(problem.path("title").asString()).as("title echoes the input").doesNotContain(entry.echo());
		}
		assertThat(response.body()).as("answer echoes the prompt").doesNotContain(HostileRequestCorpus.CANARY);
		assertThat(OpenRouterStub.totalRequests()).as("requests that reached OpenRouter").isZero();
		assertThat(StoredKeys.all()).as("stored keys").isEmpty();
	}

	@Test
	void corpusHoldsAtLeastSixtyHostileRequests() {
		assertThat(CORPUS.size()).as("hostile requests in the corpus: %d", CORPUS.size()).isGreaterThanOrEqualTo(60);
		assertThat(CORPUS).extracting(HostileRequestCorpusEntry::name).doesNotHaveDuplicates();
	}

}
