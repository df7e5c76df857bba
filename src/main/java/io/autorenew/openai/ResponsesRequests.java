package io.autorenew.openai;

import java.util.List;
import java.util.Map;

import io.autorenew.openrouter.OpenRouterProperties;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the Responses API request sent to OpenRouter ({@code POST /responses}) from the
 * fields the service accepts, each checked; nothing is copied wholesale.
 * <ul>
 * <li>{@code model}: a model the allow-list offers; the default model when it is left out;</li>
 * <li>{@code input}: a string or a non-empty array of items (objects);</li>
 * <li>{@code max_output_tokens}: a positive integer lowered to {@code OPENROUTER_MAX_TOKENS};
 * the cap when it is left out;</li>
 * <li>{@code store}: only {@code false} (OpenRouter's Responses API keeps nothing);</li>
 * <li>the other {@link #ACCEPTED} fields: checked for their JSON type and range.</li>
 * </ul>
 * {@link #REFUSED} fields and any other field are refused with 400 {@code invalid_request}
 * naming the field.
 */
final class ResponsesRequests {

	/** The fields of OpenAI's Responses request the service reads, in the order they are sent on. */
	static final List<String> ACCEPTED = List.of("model", "input", "instructions", "stream", "max_output_tokens",
			"temperature", "top_p", "tools", "tool_choice", "parallel_tool_calls", "text", "user", "store");

	/** Fields refused on purpose, and why. */
	static final Map<String, String> REFUSED = Map.of("previous_response_id",
			"OpenRouter's Responses API is stateless: send the whole conversation in `input`", "background",
			"background responses are not relayed", "plugins", "plugins such as web search are billed on top of the tokens",
			"models", "fallback models are billed at their own price, past the allow-list", "provider",
			"provider routing (`max_price`, `order`, …) is the operator's to set", "reasoning",
			"reasoning tokens are billed past `max_output_tokens`");

	private ResponsesRequests() {
	}

	/**
	 * The request to send to OpenRouter.
	 * @throws InvalidChatRequestException for a field that is refused or malformed
	 */
	static ObjectNode bounded(JsonNode body, OpenRouterProperties properties) {
		if (!(body instanceof ObjectNode request)) {
			throw invalid(null, "The request body must be a JSON object.");
		}
		for (String field : request.propertyNames()) {
			if (!ACCEPTED.contains(field)) {
				String why = REFUSED.get(field);
				throw invalid(field, (why != null) ? "`" + field + "` is not accepted: " + why + "."
						: "Unknown field `" + field + "`; the accepted fields are " + String.join(", ", ACCEPTED)
								+ ".");
			}
		}
		ObjectNode bounded = JsonNodeFactory.instance.objectNode();
		bounded.put("model", ChatRequests.model(request.get("model"), properties));
		bounded.set("input", input(request.get("input")));
		for (String field : ACCEPTED) {
			JsonNode value = request.get(field);
			if (value == null || value.isNull() || field.equals("model") || field.equals("input")) {
				continue;
			}
			switch (field) {
				case "max_output_tokens" -> {
					if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 1) {
						throw invalid(field, "`max_output_tokens` must be a positive integer.");
					}
					bounded.put(field, properties.maxTokensFor(value.asInt()));
				}
				case "store" -> {
					if (!value.isBoolean() || value.asBoolean()) {
						throw invalid(field, "`store` may only be false: OpenRouter's Responses API is stateless.");
					}
					bounded.set(field, value);
				}
				default -> bounded.set(field, checked(field, value));
			}
		}
		if (!bounded.has("max_output_tokens")) {
			bounded.put("max_output_tokens", properties.maxTokens());
		}
		return bounded;
	}

	static boolean streams(ObjectNode request) {
		return request.path("stream").asBoolean(false);
	}

	private static JsonNode input(JsonNode input) {
		if (input == null || input.isNull()) {
			throw invalid("input", "`input` is required: a string or an array of items.");
		}
		if (input.isString()) {
			if (input.asString().isBlank()) {
				throw invalid("input", "`input` must not be blank.");
			}
			return input;
		}
		if (!input.isArray() || input.isEmpty() || !input.valueStream().allMatch(JsonNode::isObject)) {
			throw invalid("input", "`input` must be a string or a non-empty array of items (objects).");
		}
		return input;
	}

	private static JsonNode checked(String field, JsonNode value) {
		boolean ok = switch (field) {
			case "stream", "parallel_tool_calls" -> value.isBoolean();
			case "instructions", "user" -> value.isString();
			case "text" -> value.isObject();
			case "tools" -> value.isArray() && value.valueStream().allMatch(JsonNode::isObject);
			case "tool_choice" -> value.isString() || value.isObject();
			case "temperature" -> value.isNumber() && value.asDouble() >= 0 && value.asDouble() <= 2;
			case "top_p" -> value.isNumber() && value.asDouble() >= 0 && value.asDouble() <= 1;
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
			case "instructions", "user" -> "a string";
			case "text" -> "an object";
			case "tools" -> "an array of objects";
			case "tool_choice" -> "a string or an object";
			case "temperature" -> "a number from 0 to 2";
			case "top_p" -> "a number from 0 to 1";
			default -> "valid";
		};
	}

	private static InvalidChatRequestException invalid(String field, String detail) {
		return new InvalidChatRequestException("invalid_request", field, detail);
	}

}
