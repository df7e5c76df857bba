package io.autorenew.demo;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One answer of the {@link OpenRouterSimulator}: a status and a body to write as JSON.
 *
 * @param status the HTTP status
 * @param body a JSON-serialisable value (maps, lists, strings, numbers)
 */
record SimulatorReply(int status, Object body) {

	static SimulatorReply ok(Object body) {
		return new SimulatorReply(200, body);
	}

	/** OpenRouter's error body: {@code {"error":{"code":status,"message":message}}}. */
	static SimulatorReply error(int status, String message) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("code", status);
		error.put("message", message);
		return new SimulatorReply(status, Map.of("error", error));
	}

	/** A 200 Server-Sent Events stream, written as it is. */
	static SimulatorReply events(String events) {
		return new SimulatorReply(200, new EventStream(events));
	}

	/** A body written as {@code text/event-stream}, not as JSON. */
	record EventStream(String text) {
	}

	/** The status only: a body may hold a freshly minted key. */
	@Override
	public String toString() {
		return "SimulatorReply[status=" + this.status + "]";
	}

}
