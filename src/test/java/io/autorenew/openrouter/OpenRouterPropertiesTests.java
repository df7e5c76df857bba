package io.autorenew.openrouter;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.autorenew.InvalidSettingException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code OPENROUTER_ALLOWED_MODELS} and {@code OPENROUTER_MAX_TOKENS} as operators set them. */
class OpenRouterPropertiesTests {

	@Test
	void unsetOrEmptyAllowListOffersTheCheapDefaults() {
		OpenRouterProperties properties = properties(List.of(), 1024);

		assertThat(properties.allowedModels()).isEqualTo(OpenRouterProperties.DEFAULT_ALLOWED_MODELS);
		assertThat(properties.allows("openai/gpt-4o-mini")).isTrue();
		assertThat(properties.allows("openai/gpt-4o")).isFalse();
		assertThat(properties(List.of(" ", ""), 1024).allowedModels())
			.isEqualTo(OpenRouterProperties.DEFAULT_ALLOWED_MODELS);
	}

	@Test
	void starOffersEveryModel() {
		OpenRouterProperties properties = properties(List.of("*"), 1024);

		assertThat(properties.allows("openai/gpt-4o")).isTrue();
		assertThat(properties.allows("anthropic/claude-3-opus")).isTrue();
	}

	@Test
	void aListOffersExactlyItsModels() {
		OpenRouterProperties properties = properties(List.of("openai/gpt-4o-mini", " openai/gpt-4o "), 1024);

		assertThat(properties.allows("openai/gpt-4o")).isTrue();
		assertThat(properties.allows("google/gemini-2.0-flash-001")).isFalse();
	}

	@Test
	void starMixedWithModelsIsRefused() {
		assertThatThrownBy(() -> properties(List.of("*", "openai/gpt-4o"), 1024))
			.isInstanceOf(InvalidSettingException.class)
			.hasMessageContaining("OPENROUTER_ALLOWED_MODELS");
	}

	@Test
	void defaultModelOutsideTheListIsRefused() {
		assertThatThrownBy(() -> properties(List.of("openai/gpt-4o"), 1024))
			.isInstanceOf(InvalidSettingException.class)
			.hasMessageContaining("OPENROUTER_DEFAULT_MODEL");
	}

	@Test
	void maxTokensCapOfOneIsAccepted() {
		assertThat(properties(List.of(), 1).maxTokensFor(null)).isEqualTo(1);
	}

	@Test
	void maxTokensCapOfZeroIsRefused() {
		assertThatThrownBy(() -> properties(List.of(), 0)).isInstanceOf(InvalidSettingException.class)
			.hasMessageContaining("OPENROUTER_MAX_TOKENS");
	}

	private static OpenRouterProperties properties(List<String> allowed, int maxTokens) {
		return new OpenRouterProperties(URI.create("https://openrouter.ai/api/v1"), "openai/gpt-4o-mini",
				"https://example.test", "tests", Duration.ofSeconds(5), Duration.ofSeconds(120), allowed, maxTokens, Duration.ofSeconds(1), "", false);
	}

}
