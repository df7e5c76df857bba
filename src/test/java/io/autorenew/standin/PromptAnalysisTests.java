package io.autorenew.standin;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PromptAnalysisTests {

	@Test
	void countsWordsAndSentencesAndQuotesTheFirstSentence() {
		PromptAnalysis analysis = PromptAnalysis.of("Summarise: OpenRouter keys renew themselves. Do they?  Yes!");
		assertThat(analysis.content()).isEqualTo(
				"Analysis: 8 words, 3 sentences. First sentence: \"Summarise: OpenRouter keys renew themselves.\".");
		assertThat(analysis.completionTokens()).isEqualTo(PromptAnalysis.tokens(analysis.content()));
	}

	@Test
	void isDeterministic() {
		assertThat(PromptAnalysis.of("One two three")).isEqualTo(PromptAnalysis.of("One two three"));
	}

	@Test
	void describesAnEmptyPrompt() {
		assertThat(PromptAnalysis.of("  ").content()).isEqualTo("Analysis: 0 words, 0 sentences.");
	}

	@Test
	void shortensALongFirstSentenceToOneLine() {
		String content = PromptAnalysis.of("word\n".repeat(100)).content();
		assertThat(content).startsWith("Analysis: 100 words, 1 sentence.").doesNotContain("\n").endsWith("…\".");
	}

}
