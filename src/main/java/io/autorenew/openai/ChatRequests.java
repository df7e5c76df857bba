package io.autorenew.openai;

import java.util.regex.Pattern;

import io.autorenew.openrouter.OpenRouterProperties;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks an OpenAI chat request and bounds what it can spend, passing everything else through
 * as the caller wrote it ({@code temperature}, {@code tools}, {@code response_format}, …):
 * <ul>
 * <li>{@code model}: a model the allow-list offers; the default model when it is left out;</li>
 * <li>{@code messages}: a non-empty array;</li>
 * <li>{@code stream}: {@code true} or {@code false} when present;</li>
 * <li>{@code max_tokens} and {@code max_completion_tokens}: positive integers lowered to
 * {@code OPENROUTER_MAX_TOKENS}; with neither, {@code max_tokens} is the cap.</li>
 * </ul>
 */
final class ChatRequests {

	private static final Pattern MODEL = Pattern
		.compile("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*(:[A-Za-z0-9._-]+)?");

	private ChatRequests() {
	}

	/** The request to send to OpenRouter. */
	static ObjectNode bounded(JsonNode body, OpenRouterProperties properties) {
		if (!(body instanceof ObjectNode request)) {
			throw invalid("The request body must be a JSON object.");
		}
		ObjectNode bounded = request.deepCopy();
		JsonNode model = bounded.path("model");
		if (model.isMissingNode() || model.isNull()) {
			bounded.put("model", properties.defaultModel());
		}
		else if (!model.isString()) {
			throw invalid("`model` must be a string.");
		}
		else if (model.asString().length() > 200 || !MODEL.matcher(model.asString()).matches()
				|| !properties.allows(model.asString())) {
			throw new InvalidChatRequestException("invalid_model", "This model is not offered by the service.");
		}
		JsonNode messages = bounded.path("messages");
		if (!messages.isArray() || messages.isEmpty()) {
			throw invalid("`messages` must be a non-empty array.");
		}
		JsonNode stream = bounded.path("stream");
		if (!stream.isMissingNode() && !stream.isNull() && !stream.isBoolean()) {
			throw invalid("`stream` must be true or false.");
		}
		boolean capped = cap(bounded, "max_tokens", properties);
		capped |= cap(bounded, "max_completion_tokens", properties);
		if (!capped) {
			bounded.put("max_tokens", properties.maxTokens());
		}
		return bounded;
	}

	static boolean streams(ObjectNode request) {
		return request.path("stream").asBoolean(false);
	}

	/** Lowers one token limit to the cap; {@code false} when the request does not set it. */
	private static boolean cap(ObjectNode request, String field, OpenRouterProperties properties) {
		JsonNode value = request.path(field);
		if (value.isMissingNode() || value.isNull()) {
			request.remove(field);
			return false;
		}
		if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 1) {
			throw invalid("`" + field + "` must be a positive integer.");
		}
		request.put(field, properties.maxTokensFor(value.asInt()));
		return true;
	}

	private static InvalidChatRequestException invalid(String detail) {
		return new InvalidChatRequestException("invalid_request", detail);
	}

}
