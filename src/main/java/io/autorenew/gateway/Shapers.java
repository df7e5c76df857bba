package io.autorenew.gateway;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import io.autorenew.openrouter.OpenRouterProperties;
import io.autorenew.web.Failure;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

import static io.autorenew.gateway.InvalidRequestException.invalid;

/** The shapers the three policies share: checks of a JSON type, the model, the output cap, reasoning. */
final class Shapers {

	private static final Pattern MODEL = Pattern
		.compile("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*(:[A-Za-z0-9._-]+)?");

	/** Reasoning efforts from least to most; a higher one (OpenAI's {@code xhigh}, …) is lowered to the last. */
	static final List<String> EFFORTS = List.of("none", "minimal", "low", "medium", "high");

	private Shapers() {
	}

	/** The value as sent, once {@code check} holds; else 400 naming the field and what it must be. */
	static FieldRule.Shaper checked(String field, Predicate<JsonNode> check, String expected) {
		return (value, policing) -> {
			if (!check.test(value)) {
				throw invalid(field, "`" + field + "` must be " + expected + ".");
			}
			return value;
		};
	}

	static FieldRule.Shaper bool(String field) {
		return checked(field, JsonNode::isBoolean, "true or false");
	}

	static FieldRule.Shaper string(String field) {
		return checked(field, JsonNode::isString, "a string");
	}

	static FieldRule.Shaper object(String field) {
		return checked(field, JsonNode::isObject, "an object");
	}

	static FieldRule.Shaper integer(String field) {
		return checked(field, JsonNode::isIntegralNumber, "an integer");
	}

	static FieldRule.Shaper number(String field, double min, double max) {
		return checked(field, (value) -> value.isNumber() && value.asDouble() >= min && value.asDouble() <= max,
				"a number from " + format(min) + " to " + format(max));
	}

	static FieldRule.Shaper strings(String field) {
		return checked(field, (value) -> value.isArray() && value.valueStream().allMatch(JsonNode::isString),
				"an array of strings");
	}

	/** The model: one the allow-list offers; with {@code required} false, the default model when left out. */
	static FieldRule.Shaper model(boolean required) {
		return (value, policing) -> {
			if (value == null) {
				if (required) {
					throw invalid("model", "`model` is required: a string.");
				}
				return StringNode.valueOf(policing.openRouter().defaultModel());
			}
			if (!value.isString()) {
				throw invalid("model", "`model` must be a string.");
			}
			allowedModel(policing.openRouter(), value.asString());
			return value;
		};
	}

	/** {@code id} if it is {@code vendor/model[:variant]} and the allow-list offers it; else 400 {@code invalid_model}. */
	static String allowedModel(OpenRouterProperties properties, String id) {
		if (id.length() > 200 || !MODEL.matcher(id).matches() || !properties.allows(id)) {
			throw new InvalidRequestException(Failure.INVALID_MODEL, "model", properties.refusedModelDetail());
		}
		return id;
	}

	/** A non-empty array of objects, each with a string {@code role}. */
	static FieldRule.Shaper messages() {
		return (value, policing) -> {
			if (value == null || !value.isArray() || value.isEmpty()) {
				throw invalid("messages", "`messages` must be a non-empty array.");
			}
			for (JsonNode message : value) {
				if (!message.isObject() || !message.path("role").isString()) {
					throw invalid("messages", "Each of `messages` must be an object with a string `role`.");
				}
			}
			return value;
		};
	}

	/** A positive integer lowered to the output cap; with {@code fill}, the cap when left out. */
	static FieldRule.Shaper outputCap(String field, boolean fill) {
		return (value, policing) -> {
			if (value == null) {
				return fill ? IntNode.valueOf(policing.maxTokens()) : null;
			}
			if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 1) {
				throw invalid(field, "`" + field + "` must be a positive integer.");
			}
			return IntNode.valueOf(policing.openRouter().maxTokensFor(value.asInt()));
		};
	}

	/** A reasoning effort, lowered to {@code high} when it asks for more; unknown efforts are refused. */
	static String effort(String field, JsonNode value) {
		if (!value.isString()) {
			throw invalid(field, "`" + field + "` must be a string.");
		}
		String effort = value.asString();
		if (EFFORTS.contains(effort)) {
			return effort;
		}
		if (List.of("xhigh", "max", "ultra").contains(effort)) {
			return EFFORTS.get(EFFORTS.size() - 1);
		}
		throw invalid(field, "`" + field + "` must be one of " + String.join(", ", EFFORTS) + ".");
	}

	/**
	 * OpenAI's and OpenRouter's {@code reasoning} object: {@code effort} bounded,
	 * {@code max_tokens} lowered below the output cap, {@code summary}, {@code enabled} and
	 * {@code exclude} as sent; other members dropped.
	 */
	static FieldRule.Shaper reasoning() {
		return (value, policing) -> {
			if (!value.isObject()) {
				throw invalid("reasoning", "`reasoning` must be an object.");
			}
			ObjectNode sent = JsonNodeFactory.instance.objectNode();
			for (String member : value.propertyNames()) {
				JsonNode part = value.get(member);
				switch (member) {
					case "effort" -> sent.put(member, effort("reasoning.effort", part));
					case "max_tokens" -> {
						if (!part.isIntegralNumber() || part.asLong() < 1) {
							throw invalid("reasoning.max_tokens", "`reasoning.max_tokens` must be a positive integer.");
						}
						sent.put(member, (int) Math.min(part.asLong(), policing.maxTokens()));
					}
					case "summary", "enabled", "exclude" -> sent.set(member, part);
					default -> policing.drop("reasoning." + member);
				}
			}
			return sent;
		};
	}

	private static String format(double bound) {
		return (bound == Math.rint(bound)) ? String.valueOf((long) bound) : String.valueOf(bound);
	}

}
