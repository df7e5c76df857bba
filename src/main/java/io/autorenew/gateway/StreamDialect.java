package io.autorenew.gateway;

import io.autorenew.openrouter.JsonChunkListener;
import io.autorenew.openrouter.StreamRelay;
import io.autorenew.renewal.OpenRouterGate.KeyedResult;
import io.autorenew.web.SseWriter;
import tools.jackson.databind.ObjectMapper;

/** How one API's stream events reach its client: the listener that writes them. */
@FunctionalInterface
public interface StreamDialect {

	/** @param upstream OpenRouter's open stream, and what happened to the user's key on the way */
	JsonChunkListener listener(SseWriter out, ObjectMapper json, KeyedResult<StreamRelay> upstream);

}
