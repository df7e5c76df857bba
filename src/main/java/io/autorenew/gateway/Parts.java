package io.autorenew.gateway;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The rules for parts found anywhere in a request, applied in one walk over what is about to
 * be sent: {@code cache_control} with a one-hour {@code ttl} loses its {@code ttl} unless the
 * operator allows it ({@code OPENROUTER_CACHE_TTL_1H}), and the characters of every string
 * are counted against {@code OPENROUTER_MAX_INPUT_CHARS}.
 */
final class Parts {

	static final List<PolicyRule> ROWS = List.of(
			PolicyRule.of("`cache_control` (5 minutes)", Treatment.FORWARD, "cached input is billed below its price"),
			PolicyRule.optIn("`cache_control.ttl: \"1h\"`", "OPENROUTER_CACHE_TTL_1H",
					"a one-hour cache entry is written at twice the input price; without it the entry lives 5 minutes"),
			PolicyRule.of("prompt over OPENROUTER_MAX_INPUT_CHARS characters", Treatment.REFUSE,
					"400 `input_too_large`: one request's input is bounded"));

	private Parts() {
	}

	static void bound(ObjectNode request, Policing policing) {
		long chars = 0;
		Deque<JsonNode> pending = new ArrayDeque<>();
		pending.push(request);
		while (!pending.isEmpty()) {
			JsonNode node = pending.pop();
			if (node.isString()) {
				chars += node.asString().length();
			}
			else if (node instanceof ObjectNode object) {
				if (object.get("cache_control") instanceof ObjectNode cache && cache.has("ttl")
						&& !"5m".equals(cache.path("ttl").asString("")) && !policing.gateway().longCache()) {
					cache.remove("ttl");
					policing.drop("cache_control.ttl");
				}
				object.valueStream().forEach(pending::push);
			}
			else if (node.isArray()) {
				node.valueStream().forEach(pending::push);
			}
		}
		if (chars > policing.gateway().maxInputChars()) {
			throw new InvalidRequestException("input_too_large", null, "The request carries " + chars
					+ " characters of text; the most one request may carry is " + policing.gateway().maxInputChars()
					+ " (OPENROUTER_MAX_INPUT_CHARS).");
		}
	}

}
