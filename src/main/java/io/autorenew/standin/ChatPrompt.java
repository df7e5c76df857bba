package io.autorenew.standin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A {@code POST /chat/completions} body reduced to what the stand-in answers from: the
 * model, the prompt (the last user message) and the size of all messages.
 *
 * @param model the requested model, echoed in the answer
 * @param prompt the text to analyse
 * @param promptTokens estimated tokens of every message
 */
record ChatPrompt(String model, String prompt, int promptTokens) implements Prompt {

	private static final String DEFAULT_MODEL = "openrouter/auto";

	/** Reads a chat request; {@code messages} is required (a 400 otherwise). */
	static ChatPrompt from(JsonNode request) {
		JsonNode messages = request.path("messages");
		if (!messages.isArray() || messages.isEmpty()) {
			throw StandInException.badRequest("messages: a non-empty array is required");
		}
		String prompt = null;
		int promptTokens = 0;
		for (JsonNode message : messages) {
			String content = text(message.path("content"));
			promptTokens += PromptAnalysis.tokens(content);
			if (prompt == null || "user".equals(message.path("role").asString())) {
				prompt = content;
			}
		}
		JsonNode model = request.path("model");
		return new ChatPrompt((model.isString() && !model.asString().isBlank()) ? model.asString() : DEFAULT_MODEL,
				prompt, promptTokens);
	}

	/** The answer, shaped as OpenRouter's {@code ChatResult}. */
	@Override
	public Map<String, Object> answer(String id, long created) {
		PromptAnalysis analysis = PromptAnalysis.of(this.prompt);
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("role", "assistant");
		message.put("content", analysis.content());
		Map<String, Object> choice = new LinkedHashMap<>();
		choice.put("index", 0);
		choice.put("finish_reason", "stop");
		choice.put("message", message);
		Map<String, Object> usage = new LinkedHashMap<>();
		usage.put("prompt_tokens", this.promptTokens);
		usage.put("completion_tokens", analysis.completionTokens());
		usage.put("total_tokens", this.promptTokens + analysis.completionTokens());
		usage.put("cost", SimulatedKey.CALL_COST_USD);
		usage.put("prompt_tokens_details", Map.of("cached_tokens", 0));
		usage.put("completion_tokens_details", Map.of("reasoning_tokens", 0));
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("id", id);
		result.put("object", "chat.completion");
		result.put("created", created);
		result.put("model", this.model);
		result.put("system_fingerprint", null);
		result.put("choices", List.of(choice));
		result.put("usage", usage);
		return result;
	}

	/**
	 * The answer as OpenRouter streams it: a processing comment, a chunk per word, a final
	 * chunk with {@code usage}, then {@code [DONE]}.
	 */
	@Override
	public String events(String id, long created, ObjectMapper json) {
		Map<String, Object> whole = answer(id, created);
		String content = PromptAnalysis.of(this.prompt).content();
		StringBuilder events = new StringBuilder(": OPENROUTER PROCESSING\n\n");
		for (String word : content.split("(?<= )")) {
			events.append("data: ").append(json.writeValueAsString(chunk(id, created, word, null, null))).append("\n\n");
		}
		events.append("data: ")
			.append(json.writeValueAsString(chunk(id, created, "", "stop", whole.get("usage"))))
			.append("\n\n");
		return events.append("data: [DONE]\n\n").toString();
	}

	private Map<String, Object> chunk(String id, long created, String text, String finishReason, Object usage) {
		Map<String, Object> delta = new LinkedHashMap<>();
		delta.put("role", "assistant");
		delta.put("content", text);
		Map<String, Object> choice = new LinkedHashMap<>();
		choice.put("index", 0);
		choice.put("delta", delta);
		choice.put("finish_reason", finishReason);
		Map<String, Object> chunk = new LinkedHashMap<>();
		chunk.put("id", id);
		chunk.put("object", "chat.completion.chunk");
		chunk.put("created", created);
		chunk.put("model", this.model);
		chunk.put("choices", List.of(choice));
		if (usage != null) {
			chunk.put("usage", usage);
		}
		return chunk;
	}

	/** A message's text: a string, or the {@code text} parts of a content array. */
	private static String text(JsonNode content) {
		if (!content.isArray()) {
			return content.isString() ? content.asString() : "";
		}
		StringBuilder text = new StringBuilder();
		content.forEach((part) -> text.append(part.path("text").asString("")));
		return text.toString();
	}

	@Override
	public String toString() {
		return "ChatPrompt[model=" + this.model + ", promptTokens=" + this.promptTokens + "]";
	}

}
