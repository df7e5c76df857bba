package io.autorenew.openai;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.autorenew.openrouter.OpenRouterProperties;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the chat request sent to OpenRouter from the fields of an OpenAI chat request that
 * the service accepts, each checked; nothing is copied wholesale, so nothing the caller adds
 * can spend more than the allow-list and the token cap let it.
 * <ul>
 * <li>{@code model}: a model the allow-list offers; the default model when it is left out;</li>
 * <li>{@code messages}: a non-empty array of objects, each with a string {@code role};</li>
 * <li>{@code max_tokens} and {@code max_completion_tokens}: positive integers lowered to
 * {@code OPENROUTER_MAX_TOKENS}; with neither, {@code max_tokens} is the cap;</li>
 * <li>{@code n}: only 1 (more choices are billed as more completions);</li>
 * <li>the other {@link #ACCEPTED} fields: checked for their JSON type and range.</li>
 * </ul>
 * OpenRouter's own request fields that change what a request costs ({@link #REFUSED}) and
 * any other field are refused with 400 {@code invalid_request} naming the field: refused,
 * not stripped, so that a caller never pays for something it believes it got. An operator
 * may let more fields through ({@code OPENROUTER_PASSTHROUGH_FIELDS}); they go as sent.
 */
final class ChatRequests {

	/** The fields of OpenAI's chat request the service reads, in the order they are sent on. */
	static final List<String> ACCEPTED = List.of("model", "messages", "stream", "stream_options", "max_tokens",
			"max_completion_tokens", "temperature", "top_p", "stop", "seed", "presence_penalty", "frequency_penalty",
			"logit_bias", "response_format", "tools", "tool_choice", "parallel_tool_calls", "user", "n");

	/** OpenRouter's fields that would let one request spend past the operator's bounds, and why. */
	static final Map<String, String> REFUSED = Map.of("models",
			"fallback models are billed at their own price, past the allow-list", "route",
			"it goes with `models`, whose fallbacks are billed at their own price", "plugins",
			"plugins such as web search are billed on top of the tokens", "web_search_options",
			"web search is billed on top of the tokens", "provider",
			"provider routing (`max_price`, `order`, …) is the operator's to set", "preset",
			"a preset can choose models and settings past the allow-list", "transforms",
			"transforms change how much of the prompt is billed", "reasoning",
			"reasoning tokens are billed past `max_tokens`");

	private static final Pattern MODEL = Pattern
		.compile("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*(:[A-Za-z0-9._-]+)?");

	private static final int MAX_STOP_SEQUENCES = 4;

	private ChatRequests() {
	}

	/**
	 * The request to send to OpenRouter.
	 * @param passthrough fields the operator lets through as sent
	 * @throws InvalidChatRequestException for a field that is refused or malformed
	 */
	static ObjectNode bounded(JsonNode body, OpenRouterProperties properties, Set<String> passthrough) {
		if (!(body instanceof ObjectNode request)) {
			throw invalid(null, "The request body must be a JSON object.");
		}
		for (String field : request.propertyNames()) {
			if (!ACCEPTED.contains(field) && !passthrough.contains(field)) {
				String why = REFUSED.get(field);
				throw invalid(field, (why != null) ? "`" + field + "` is not accepted: " + why + "."
						: "Unknown field `" + field + "`; the accepted fields are " + String.join(", ", ACCEPTED)
								+ ".");
			}
		}
		ObjectNode bounded = JsonNodeFactory.instance.objectNode();
		bounded.put("model", model(request.get("model"), properties));
		bounded.set("messages", messages(request.get("messages")));
		boolean capped = false;
		for (String field : ACCEPTED) {
			JsonNode value = request.get(field);
			if (value == null || value.isNull() || field.equals("model") || field.equals("messages")) {
				continue;
			}
			switch (field) {
				case "max_tokens", "max_completion_tokens" -> {
					bounded.put(field, properties.maxTokensFor(positiveInt(field, value)));
					capped = true;
				}
				case "n" -> {
					if (!value.isIntegralNumber() || value.asLong() != 1) {
						throw invalid(field, "`n` must be 1: more choices are billed as more completions.");
					}
					bounded.set(field, value);
				}
				default -> bounded.set(field, checked(field, value));
			}
		}
		if (!capped) {
			bounded.put("max_tokens", properties.maxTokens());
		}
		for (String field : passthrough) {
			if (request.has(field) && !bounded.has(field)) {
				bounded.set(field, request.get(field));
			}
		}
		return bounded;
	}

	static boolean streams(ObjectNode request) {
		return request.path("stream").asBoolean(false);
	}

	static String model(JsonNode model, OpenRouterProperties properties) {
		if (model == null || model.isNull()) {
			return properties.defaultModel();
		}
		if (!model.isString()) {
			throw invalid("model", "`model` must be a string.");
		}
		String id = model.asString();
		if (id.length() > 200 || !MODEL.matcher(id).matches() || !properties.allows(id)) {
			throw new InvalidChatRequestException("invalid_model", "model", properties.refusedModelDetail());
		}
		return id;
	}

	private static JsonNode messages(JsonNode messages) {
		if (messages == null || !messages.isArray() || messages.isEmpty()) {
			throw invalid("messages", "`messages` must be a non-empty array.");
		}
		for (JsonNode message : messages) {
			if (!message.isObject() || !message.path("role").isString()) {
				throw invalid("messages", "Each of `messages` must be an object with a string `role`.");
			}
		}
		return messages;
	}

	/** A value of the right JSON type and range, as it was sent. */
	private static JsonNode checked(String field, JsonNode value) {
		boolean ok = switch (field) {
			case "stream", "parallel_tool_calls" -> value.isBoolean();
			case "stream_options", "logit_bias", "response_format" -> value.isObject();
			case "tools" -> value.isArray();
			case "tool_choice" -> value.isString() || value.isObject();
			case "user" -> value.isString();
			case "seed" -> value.isIntegralNumber();
			case "temperature" -> value.isNumber() && value.asDouble() >= 0 && value.asDouble() <= 2;
			case "top_p" -> value.isNumber() && value.asDouble() >= 0 && value.asDouble() <= 1;
			case "presence_penalty", "frequency_penalty" ->
				value.isNumber() && value.asDouble() >= -2 && value.asDouble() <= 2;
			case "stop" -> value.isString() || (value.isArray() && value.size() <= MAX_STOP_SEQUENCES
					&& value.valueStream().allMatch(JsonNode::isString));
			default -> throw new IllegalStateException("No check for accepted field " + field);
		};
		if (!ok) {
			throw invalid(field, "`" + field + "` must be " + expected(field) + ".");
		}
		return value;
	}

	private static String expected(String field) {
		return switch (field) {
			case "stream", "parallel_tool_calls" -> "true or false";
			case "stream_options", "logit_bias", "response_format" -> "an object";
			case "tools" -> "an array";
			case "tool_choice" -> "a string or an object";
			case "user" -> "a string";
			case "seed" -> "an integer";
			case "temperature" -> "a number from 0 to 2";
			case "top_p" -> "a number from 0 to 1";
			case "presence_penalty", "frequency_penalty" -> "a number from -2 to 2";
			case "stop" -> "a string or an array of at most " + MAX_STOP_SEQUENCES + " strings";
			default -> "valid";
		};
	}

	private static int positiveInt(String field, JsonNode value) {
		if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 1) {
			throw invalid(field, "`" + field + "` must be a positive integer.");
		}
		return value.asInt();
	}

	private static InvalidChatRequestException invalid(String field, String detail) {
		return new InvalidChatRequestException("invalid_request", field, detail);
	}

}
