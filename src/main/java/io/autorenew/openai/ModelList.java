package io.autorenew.openai;

import java.time.Duration;
import java.util.List;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.autorenew.openrouter.OpenRouterClient;
import io.autorenew.openrouter.OpenRouterProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /v1/models}: the models the allow-list offers, in OpenAI's list shape, with
 * OpenRouter's creation times where its model list answers. The list is kept for
 * {@link #TTL}; when OpenRouter cannot be asked, the allow-list alone answers (and is not kept).
 */
final class ModelList {

	static final Duration TTL = Duration.ofMinutes(10);

	private static final Logger log = LoggerFactory.getLogger(ModelList.class);

	private final OpenRouterClient openRouter;

	private final OpenRouterProperties properties;

	private final ObjectMapper json;

	private final Cache<String, JsonNode> cache = Caffeine.newBuilder().expireAfterWrite(TTL).maximumSize(1).build();

	ModelList(OpenRouterClient openRouter, OpenRouterProperties properties, ObjectMapper json) {
		this.openRouter = openRouter;
		this.properties = properties;
		this.json = json;
	}

	JsonNode models() {
		JsonNode cached = this.cache.getIfPresent("models");
		if (cached != null) {
			return cached;
		}
		try {
			JsonNode list = list(this.json.readTree(this.openRouter.models()).path("data"));
			this.cache.put("models", list);
			return list;
		}
		catch (RuntimeException ex) {
			if (this.properties.allowedModels().equals(List.of(OpenRouterProperties.ANY_MODEL))) {
				throw ex;
			}
			log.warn("OpenRouter's model list could not be read ({}): answering the allow-list alone",
					ex.getClass().getSimpleName());
			return list(this.json.createArrayNode());
		}
	}

	private JsonNode list(JsonNode openRouterModels) {
		ObjectNode list = this.json.createObjectNode();
		list.put("object", "list");
		ArrayNode data = list.putArray("data");
		if (this.properties.allowedModels().equals(List.of(OpenRouterProperties.ANY_MODEL))) {
			openRouterModels.forEach((model) -> add(data, model.path("id").asString(), model.path("created").asLong(0)));
			return list;
		}
		for (String id : this.properties.allowedModels()) {
			long created = 0;
			for (JsonNode model : openRouterModels) {
				if (id.equals(model.path("id").asString())) {
					created = model.path("created").asLong(0);
				}
			}
			add(data, id, created);
		}
		return list;
	}

	private static void add(ArrayNode data, String id, long created) {
		if (id == null || id.isEmpty()) {
			return;
		}
		ObjectNode model = data.addObject();
		model.put("id", id);
		model.put("object", "model");
		model.put("created", created);
		model.put("owned_by", id.contains("/") ? id.substring(0, id.indexOf('/')) : "openrouter");
	}

}
