package io.autorenew.gateway;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.node.ObjectNode;

/**
 * What a request policy built to send upstream: the body, the headers passed on, and the
 * items dropped on the way (named in {@code X-Dropped}).
 */
public record PolicedRequest(ObjectNode body, Map<String, String> headers, List<String> dropped) {

	public PolicedRequest {
		headers = Map.copyOf(headers);
		dropped = List.copyOf(dropped);
	}

	public boolean streams() {
		return this.body.path("stream").asBoolean(false);
	}

}
