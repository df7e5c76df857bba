package io.autorenew.standin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A {@code POST /messages} body (the Anthropic Messages API OpenRouter serves) reduced to
 * what the stand-in answers from: the model, the prompt (the last user message) and its size.
 *
 * @param model the requested model, echoed in the answer
 * @param prompt the text to analyse
 * @param inputTokens estimated tokens of the messages
 */
record MessagePrompt(String model, String prompt, int inputTokens) implements Prompt {

	private static final String DEFAULT_MODEL = "anthropic/claude-haiku-4.5";

	/** Reads a Messages request; {@code messages} is required (a 400 otherwise). */
	static MessagePrompt from(JsonNode request) {
		JsonNode messages = request.path("messages");
		if (!messages.isArray() || messages.isEmpty()) {
			throw StandInException.badRequest("messages: a non-empty array is required");
		}
		String prompt = "";
		int tokens = 0;
		for (JsonNode message : messages) {
			JsonNode content = message.path("content");
			String text = content.isString() ? content.asString() : "";
			if (content.isArray()) {
				StringBuilder parts = new StringBuilder();
				content.forEach((part) -> parts.append(part.path("text").asString("")));
				text = parts.toString();
			}
			tokens += PromptAnalysis.tokens(text);
			if (prompt.isEmpty() || "user".equals(message.path("role").asString())) {
				prompt = text;
			}
		}
		JsonNode model = request.path("model");
		return new MessagePrompt((model.isString() && !model.asString().isBlank()) ? model.asString() : DEFAULT_MODEL,
				prompt, tokens);
	}

	/** The answer, shaped as an Anthropic message (which has no time of its own). */
	@Override
	public Map<String, Object> answer(String id, long created) {
		PromptAnalysis analysis = PromptAnalysis.of(this.prompt);
		Map<String, Object> text = new LinkedHashMap<>();
		text.put("type", "text");
		text.put("text", analysis.content());
		Map<String, Object> message = message(id, List.of(text), "end_turn");
		message.put("usage", usage(analysis.completionTokens(), true));
		return message;
	}

	/** The answer as Anthropic's typed events, from message_start to message_stop. */
	@Override
	public String events(String id, long created, ObjectMapper json) {
		PromptAnalysis analysis = PromptAnalysis.of(this.prompt);
		StringBuilder events = new StringBuilder(": OPENROUTER PROCESSING\n\n");
		Map<String, Object> start = message(id, List.of(), null);
		start.put("usage", usage(1, false));
		append(events, json, Map.of("type", "message_start", "message", start));
		append(events, json, Map.of("type", "content_block_start", "index", 0, "content_block",
				Map.of("type", "text", "text", "")));
		append(events, json, Map.of("type", "ping"));
		for (String word : analysis.content().split("(?<= )")) {
			append(events, json, Map.of("type", "content_block_delta", "index", 0, "delta",
					Map.of("type", "text_delta", "text", word)));
		}
		append(events, json, Map.of("type", "content_block_stop", "index", 0));
		Map<String, Object> stop = new LinkedHashMap<>();
		stop.put("stop_reason", "end_turn");
		stop.put("stop_sequence", null);
		Map<String, Object> delta = new LinkedHashMap<>();
		delta.put("type", "message_delta");
		delta.put("delta", stop);
		delta.put("usage", Map.of("output_tokens", analysis.completionTokens(), "cost", SimulatedKey.CALL_COST_USD));
		append(events, json, delta);
		append(events, json, Map.of("type", "message_stop"));
		return events.toString();
	}

	private Map<String, Object> message(String id, List<Object> content, String stopReason) {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("id", "msg_" + id);
		message.put("type", "message");
		message.put("role", "assistant");
		message.put("model", this.model);
		message.put("content", content);
		message.put("stop_reason", stopReason);
		message.put("stop_sequence", null);
		return message;
	}

	/** The usage so far; OpenRouter adds what the call cost once it is done. */
	private Map<String, Object> usage(int outputTokens, boolean done) {
		Map<String, Object> usage = new LinkedHashMap<>();
		usage.put("input_tokens", this.inputTokens);
		usage.put("output_tokens", outputTokens);
		usage.put("cache_read_input_tokens", 0);
		if (done) {
			usage.put("cost", SimulatedKey.CALL_COST_USD);
		}
		return usage;
	}

	private static void append(StringBuilder events, ObjectMapper json, Map<String, Object> event) {
		events.append("event: ").append(event.get("type")).append('\n');
		events.append("data: ").append(json.writeValueAsString(event)).append("\n\n");
	}

	@Override
	public String toString() {
		return "MessagePrompt[model=" + this.model + ", inputTokens=" + this.inputTokens + "]";
	}

}
