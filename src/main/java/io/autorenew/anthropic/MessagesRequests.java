package io.autorenew.anthropic;

import java.util.List;
import java.util.regex.Pattern;

import io.autorenew.openrouter.OpenRouterProperties;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the Anthropic Messages request sent to OpenRouter ({@code POST /messages}) from the
 * fields the service accepts, each checked; nothing is copied wholesale.
 * <ul>
 * <li>{@code model}: a model the allow-list offers (required, as in Anthropic's API);</li>
 * <li>{@code messages}: a non-empty array of objects, each with a string {@code role};</li>
 * <li>{@code max_tokens}: required, a positive integer lowered to {@code OPENROUTER_MAX_TOKENS};</li>
 * <li>{@code thinking}: only {@code {"type": "enabled", "budget_tokens": n}} with {@code n}
 * under the token cap, or {@code {"type": "disabled"}};</li>
 * <li>the other {@link #ACCEPTED} fields: checked for their JSON type and range.</li>
 * </ul>
 * Any other field is refused with 400 {@code invalid_request} naming the field.
 */
final class MessagesRequests {

	/** The fields of Anthropic's Messages request the service reads, in the order they are sent on. */
	static final List<String> ACCEPTED = List.of("model", "messages", "system", "max_tokens", "stream", "temperature",
			"top_p", "top_k", "stop_sequences", "tools", "tool_choice", "metadata", "thinking");

	private static final Pattern MODEL = Pattern
		.compile("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*(:[A-Za-z0-9._-]+)?");

	private MessagesRequests() {
	}

	/**
	 * The request to send to OpenRouter.
	 * @throws InvalidMessagesRequestException for a field that is refused or malformed
	 */
	static ObjectNode bounded(JsonNode body, OpenRouterProperties properties) {
		if (!(body instanceof ObjectNode request)) {
			throw invalid(null, "The request body must be a JSON object.");
		}
		for (String field : request.propertyNames()) {
			if (!ACCEPTED.contains(field)) {
				throw invalid(field, "Unknown field `" + field + "`; the accepted fields are "
						+ String.join(", ", ACCEPTED) + ".");
			}
		}
		ObjectNode bounded = JsonNodeFactory.instance.objectNode();
		bounded.put("model", model(request.get("model"), properties));
		bounded.set("messages", messages(request.get("messages")));
		JsonNode maxTokens = request.get("max_tokens");
		if (maxTokens == null || !maxTokens.isIntegralNumber() || !maxTokens.canConvertToInt() || maxTokens.asInt() < 1) {
			throw invalid("max_tokens", "`max_tokens` is required: a positive integer.");
		}
		int cap = properties.maxTokensFor(maxTokens.asInt());
		bounded.put("max_tokens", cap);
		for (String field : ACCEPTED) {
			JsonNode value = request.get(field);
			if (value == null || value.isNull() || bounded.has(field)) {
				continue;
			}
			bounded.set(field, (field.equals("thinking")) ? thinking(value, cap) : checked(field, value));
		}
		return bounded;
	}

	static boolean streams(ObjectNode request) {
		return request.path("stream").asBoolean(false);
	}

	private static String model(JsonNode model, OpenRouterProperties properties) {
		if (model == null || !model.isString()) {
			throw invalid("model", "`model` is required: a string.");
		}
		String id = model.asString();
		if (id.length() > 200 || !MODEL.matcher(id).matches() || !properties.allows(id)) {
			throw new InvalidMessagesRequestException("invalid_model", "model", properties.refusedModelDetail());
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

	/** Extended thinking, only within the token cap: its tokens are billed as output. */
	private static JsonNode thinking(JsonNode thinking, int cap) {
		String type = thinking.path("type").asString("");
		if (thinking.isObject() && type.equals("disabled") && thinking.size() == 1) {
			return thinking;
		}
		JsonNode budget = thinking.path("budget_tokens");
		if (!thinking.isObject() || !type.equals("enabled") || thinking.size() != 2 || !budget.isIntegralNumber()
				|| budget.asLong() < 1 || budget.asLong() >= cap) {
			throw invalid("thinking", "`thinking` must be {\"type\": \"enabled\", \"budget_tokens\": n} with n below "
					+ "the token cap (" + cap + "), or {\"type\": \"disabled\"}.");
		}
		return thinking;
	}

	private static JsonNode checked(String field, JsonNode value) {
		boolean ok = switch (field) {
			case "stream" -> value.isBoolean();
			case "system" -> value.isString() || (value.isArray() && value.valueStream().allMatch(JsonNode::isObject));
			case "temperature", "top_p" -> value.isNumber() && value.asDouble() >= 0 && value.asDouble() <= 1;
			case "top_k" -> value.isIntegralNumber() && value.asLong() >= 0;
			case "stop_sequences" -> value.isArray() && value.valueStream().allMatch(JsonNode::isString);
			case "tools" -> value.isArray() && value.valueStream().allMatch(JsonNode::isObject);
			case "tool_choice", "metadata" -> value.isObject();
			default -> throw new IllegalStateException("No check for accepted field " + field);
		};
		if (!ok) {
			throw invalid(field, "`" + field + "` must be " + expected(field) + ".");
		}
		return value;
	}

	private static String expected(String field) {
		return switch (field) {
			case "stream" -> "true or false";
			case "system" -> "a string or an array of content blocks";
			case "temperature", "top_p" -> "a number from 0 to 1";
			case "top_k" -> "a non-negative integer";
			case "stop_sequences" -> "an array of strings";
			case "tools" -> "an array of objects";
			case "tool_choice", "metadata" -> "an object";
			default -> "valid";
		};
	}

	private static InvalidMessagesRequestException invalid(String field, String detail) {
		return new InvalidMessagesRequestException("invalid_request", field, detail);
	}

}
