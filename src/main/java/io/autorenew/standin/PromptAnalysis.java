package io.autorenew.standin;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The stand-in's stand-in for a language model: a deterministic little analysis of a
 * prompt (word count, sentence count, first sentence) with rough token counts.
 *
 * @param content the assistant's answer
 * @param completionTokens estimated tokens of the answer
 */
record PromptAnalysis(String content, int completionTokens) {

	private static final Pattern WHITESPACE = Pattern.compile("\\s+");

	private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");

	private static final int MAX_QUOTE = 200;

	static PromptAnalysis of(String prompt) {
		String text = prompt.strip();
		List<String> sentences = text.isEmpty() ? List.of()
				: Arrays.stream(SENTENCE_END.split(text)).filter((sentence) -> !sentence.isBlank()).toList();
		int words = text.isEmpty() ? 0 : WHITESPACE.split(text).length;
		StringBuilder content = new StringBuilder("Analysis: ").append(plural(words, "word"))
			.append(", ")
			.append(plural(sentences.size(), "sentence"))
			.append('.');
		if (!sentences.isEmpty()) {
			content.append(" First sentence: \"").append(quote(sentences.get(0))).append("\".");
		}
		String answer = content.toString();
		return new PromptAnalysis(answer, tokens(answer));
	}

	/** About four characters per token, as OpenAI's rule of thumb has it. */
	static int tokens(String text) {
		return (text.length() + 3) / 4;
	}

	private static String quote(String sentence) {
		String oneLine = WHITESPACE.matcher(sentence.strip()).replaceAll(" ");
		return (oneLine.length() <= MAX_QUOTE) ? oneLine : oneLine.substring(0, MAX_QUOTE) + "…";
	}

	private static String plural(int count, String noun) {
		return count + " " + noun + ((count == 1) ? "" : "s");
	}

}
