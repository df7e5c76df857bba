package io.autorenew.gateway;

import io.autorenew.openrouter.StreamRelay;
import io.autorenew.web.SseWriter;
import tools.jackson.databind.ObjectMapper;

/** How one API's stream events reach its client: the listener that writes them. */
@FunctionalInterface
public interface StreamDialect {

	StreamRelay.Listener listener(SseWriter out, ObjectMapper json);

}
