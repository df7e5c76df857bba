package io.autorenew.openrouter;

import java.util.Optional;

import tools.jackson.databind.JsonNode;

/**
 * OpenRouter's non-streaming {@code ChatResult}, as parsed: the service reads its id, its
 * model, the first choice's text and the usage, and the spend meter reads the answer itself.
 * Its {@link #toString()} shows no text: the answer is user content and is never logged.
 *
 * @param answer the parsed answer, a JSON object
 */
public record ChatCompletion(JsonNode answer) {

	/** OpenRouter's generation id, {@code null} when it did not say. */
	public String id() {
		return string(this.answer.path("id"));
	}

	/** The model that answered, {@code null} when OpenRouter did not say. */
	public String model() {
		return string(this.answer.path("model"));
	}

	/** The first choice's assistant text, if the answer has one. */
	public Optional<String> content() {
		return Optional.ofNullable(string(this.answer.path("choices").path(0).path("message").path("content")));
	}

	/** One of {@code usage}'s counts ({@code prompt_tokens}, …), 0 when OpenRouter did not say. */
	public long tokens(String count) {
		return this.answer.path("usage").path(count).asLong(0);
	}

	private static String string(JsonNode value) {
		return value.isString() ? value.asString() : null;
	}

	@Override
	public String toString() {
		return "ChatCompletion[id=" + id() + ", model=" + model() + ", content=("
				+ content().map(String::length).orElse(0) + " chars)]";
	}

}
