package io.autorenew.openrouter;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ApiKeyTests {

	@Test
	void showsOnlyTheLastFourCharacters() {
		ApiKey key = new ApiKey("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");

		assertThat(key.masked()).isEqualTo("****b465");
		assertThat(key).hasToString("****b465");
		assertThat(String.valueOf(new Holder(key))).doesNotContain("d3558566").contains("****b465");
	}

	@Test
	void keysOfEightCharactersShowTheirLastFour() {
		assertThat(new ApiKey("abcdefgh").masked()).isEqualTo("****efgh");
	}

	@Test
	void keysShorterThanEightCharactersShowNothing() {
		assertThat(new ApiKey("abcdefg").masked()).isEqualTo("****");
	}

	@Test
	void blankKeysAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ApiKey("  "));
	}

	record Holder(ApiKey key) {
	}

}
