package io.autorenew.standin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A {@code POST /responses} body (OpenRouter's Responses API) reduced to what the stand-in
 * answers from: the model, the prompt (the input string, or the last user item) and its size.
 *
 * @param model the requested model, echoed in the answer
 * @param prompt the text to analyse
 * @param inputTokens estimated tokens of the input
 */
record ResponsePrompt(String model, String prompt, int inputTokens) implements Prompt {

	private static final String DEFAULT_MODEL = "openrouter/auto";

	/** Reads a Responses request; {@code input} is required (a 400 otherwise). */
	static ResponsePrompt from(JsonNode request) {
		JsonNode input = request.path("input");
		String prompt;
		if (input.isString()) {
			prompt = input.asString();
		}
		else if (input.isArray() && !input.isEmpty()) {
			prompt = "";
			for (JsonNode item : input) {
				JsonNode content = item.path("content");
				String text = content.isString() ? content.asString() : "";
				if (content.isArray()) {
					StringBuilder parts = new StringBuilder();
					content.forEach((part) -> parts.append(part.path("text").asString("")));
					text = parts.toString();
				}
				if (prompt.isEmpty() || "user".equals(item.path("role").asString())) {
					prompt = text;
				}
			}
		}
		else {
			throw StandInException.badRequest("input: a string or a non-empty array is required");
		}
		JsonNode model = request.path("model");
		return new ResponsePrompt((model.isString() && !model.asString().isBlank()) ? model.asString() : DEFAULT_MODEL,
				prompt, PromptAnalysis.tokens(prompt));
	}

	/** The answer, shaped as OpenRouter's Responses API answer. */
	@Override
	public Map<String, Object> answer(String id, long created) {
		PromptAnalysis analysis = PromptAnalysis.of(this.prompt);
		return response(id, created, "completed", List.of(message(id, analysis.content())),
				usage(analysis.completionTokens()));
	}

	/**
	 * The answer as typed events, as OpenAI's Responses API sends them and Codex CLI needs
	 * them: created, the message item added, a text delta per word, the item done, completed.
	 */
	@Override
	public String events(String id, long created, ObjectMapper json) {
		PromptAnalysis analysis = PromptAnalysis.of(this.prompt);
		StringBuilder events = new StringBuilder(": OPENROUTER PROCESSING\n\n");
		int sequence = 0;
		Map<String, Object> createdEvent = new LinkedHashMap<>();
		createdEvent.put("type", "response.created");
		createdEvent.put("response", response(id, created, "in_progress", List.of(), null));
		createdEvent.put("sequence_number", sequence++);
		append(events, createdEvent, json);
		Map<String, Object> inProgress = new LinkedHashMap<>(message(id, ""));
		inProgress.put("status", "in_progress");
		inProgress.put("content", List.of());
		append(events, itemEvent("response.output_item.added", inProgress, sequence++), json);
		for (String word : analysis.content().split("(?<= )")) {
			Map<String, Object> delta = new LinkedHashMap<>();
			delta.put("type", "response.output_text.delta");
			delta.put("item_id", "msg_" + id);
			delta.put("output_index", 0);
			delta.put("content_index", 0);
			delta.put("delta", word);
			delta.put("sequence_number", sequence++);
			append(events, delta, json);
		}
		append(events, itemEvent("response.output_item.done", message(id, analysis.content()), sequence++), json);
		Map<String, Object> completed = new LinkedHashMap<>();
		completed.put("type", "response.completed");
		completed.put("response", answer(id, created));
		completed.put("sequence_number", sequence);
		append(events, completed, json);
		return events.toString();
	}

	private static Map<String, Object> itemEvent(String type, Map<String, Object> item, int sequence) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("type", type);
		event.put("output_index", 0);
		event.put("item", item);
		event.put("sequence_number", sequence);
		return event;
	}

	private static void append(StringBuilder events, Map<String, Object> event, ObjectMapper json) {
		events.append("event: ").append(event.get("type")).append('\n');
		events.append("data: ").append(json.writeValueAsString(event)).append("\n\n");
	}

	private Map<String, Object> response(String id, long created, String status, List<Object> output,
			Map<String, Object> usage) {
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("id", "resp_" + id);
		response.put("object", "response");
		response.put("created_at", created);
		response.put("model", this.model);
		response.put("status", status);
		response.put("output", output);
		if (usage != null) {
			response.put("usage", usage);
		}
		return response;
	}

	private static Map<String, Object> message(String id, String text) {
		Map<String, Object> part = new LinkedHashMap<>();
		part.put("type", "output_text");
		part.put("text", text);
		part.put("annotations", List.of());
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("type", "message");
		message.put("id", "msg_" + id);
		message.put("status", "completed");
		message.put("role", "assistant");
		message.put("content", List.of(part));
		return message;
	}

	private Map<String, Object> usage(int outputTokens) {
		Map<String, Object> usage = new LinkedHashMap<>();
		usage.put("input_tokens", this.inputTokens);
		usage.put("output_tokens", outputTokens);
		usage.put("total_tokens", this.inputTokens + outputTokens);
		usage.put("cost", SimulatedKey.CALL_COST_USD);
		usage.put("input_tokens_details", Map.of("cached_tokens", 0));
		usage.put("output_tokens_details", Map.of("reasoning_tokens", 0));
		return usage;
	}

	@Override
	public String toString() {
		return "ResponsePrompt[model=" + this.model + ", inputTokens=" + this.inputTokens + "]";
	}

}
