package io.autorenew.support;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The tests read OpenRouter's spec from the repository, and refuse to run without it. */
class OpenRouterSpecTests {

	@Test
	void theVendoredSpecIsInTheTestResources() {
		assertThat(OpenRouterSpec.locate(null)).endsWith("/openrouter/openapi.yaml").startsWith("file:");
		assertThat(OpenRouterSpec.unavailable()).isEmpty();
	}

	@Test
	void aConfiguredSpecThatIsMissingIsAnErrorNotASkip() {
		assertThatIllegalStateException().isThrownBy(() -> OpenRouterSpec.locate("/nowhere/openapi.yaml"))
			.withMessageContaining("/nowhere/openapi.yaml");
	}

}
