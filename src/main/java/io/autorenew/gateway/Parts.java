package io.autorenew.gateway;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import io.autorenew.web.Failure;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The rules for parts found anywhere in a request, applied in one walk over what is about to
 * be sent: {@code cache_control} with a one-hour {@code ttl} loses its {@code ttl} unless the
 * operator allows it ({@code OPENROUTER_CACHE_TTL_1H}), and the characters of every string
 * are counted against {@code OPENROUTER_MAX_INPUT_CHARS}.
 */
final class Parts {

	/** The free PDF parser the {@code file-parser} plugin is pinned to when a request carries a file. */
	static final String FREE_PDF_ENGINE = "cloudflare-ai";

	/** The row of APIs whose file parts OpenRouter parses (chat, Responses). */
	static final PolicyRule FILE_ROW = PolicyRule.of("`file` / `input_file` parts (PDFs)", Treatment.BOUND,
			"a model that cannot read PDFs gets them parsed by OpenRouter, by default with Mistral OCR, billed per "
					+ "page: the parser is pinned to the free `" + FREE_PDF_ENGINE + "` engine (sent as `plugins`), "
					+ "unless the operator passes `plugins` through");

	static final List<PolicyRule> ROWS = List.of(
			PolicyRule.of("`cache_control` (5 minutes)", Treatment.FORWARD, "cached input is billed below its price"),
			PolicyRule.optIn("`cache_control.ttl: \"1h\"`", "OPENROUTER_CACHE_TTL_1H",
					"a one-hour cache entry is written at twice the input price; without it the entry lives 5 minutes"),
			PolicyRule.of("prompt over OPENROUTER_MAX_INPUT_CHARS characters", Treatment.REFUSE,
					"400 `input_too_large`: one request's input is bounded"));

	private Parts() {
	}

	/**
	 * Bounds the parts of {@code request}.
	 * @param fileTypes the content part types OpenRouter parses as files for this API (none for Messages)
	 */
	static void bound(ObjectNode request, Policing policing, java.util.Set<String> fileTypes) {
		long chars = 0;
		boolean files = false;
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
				files |= fileTypes.contains(object.path("type").asString(""));
				object.valueStream().forEach(pending::push);
			}
			else if (node.isArray()) {
				node.valueStream().forEach(pending::push);
			}
		}
		if (chars > policing.gateway().maxInputChars()) {
			throw new InvalidRequestException(Failure.INPUT_TOO_LARGE, null, "The request carries " + chars
					+ " characters of text; the most one request may carry is " + policing.gateway().maxInputChars()
					+ " (OPENROUTER_MAX_INPUT_CHARS).");
		}
		if (files && !request.has("plugins")) {
			ObjectNode parser = request.putArray("plugins").addObject();
			parser.put("id", "file-parser");
			parser.putObject("pdf").put("engine", FREE_PDF_ENGINE);
		}
	}

}
