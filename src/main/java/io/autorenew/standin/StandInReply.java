package io.autorenew.standin;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One answer of the {@link OpenRouterStandIn}: a status and a body to write as JSON.
 *
 * @param status the HTTP status
 * @param body a JSON-serialisable value (maps, lists, strings, numbers)
 */
record StandInReply(int status, Object body) {

	static StandInReply ok(Object body) {
		return new StandInReply(200, body);
	}

	/** OpenRouter's error body: {@code {"error":{"code":status,"message":message}}}. */
	static StandInReply error(int status, String message) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("code", status);
		error.put("message", message);
		return new StandInReply(status, Map.of("error", error));
	}

	/**
	 * An error of the Messages API in Anthropic's shape, {@code {"type": "error", "error":
	 * {"type", "message"}}}, as OpenRouter's {@code /messages} answers it.
	 */
	static StandInReply anthropicError(int status, String message) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("type", switch (status) {
			case 400 -> "invalid_request_error";
			case 401 -> "authentication_error";
			case 402 -> "billing_error";
			case 403 -> "permission_error";
			case 404 -> "not_found_error";
			case 429 -> "rate_limit_error";
			default -> "api_error";
		});
		error.put("message", message);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", "error");
		body.put("error", error);
		return new StandInReply(status, body);
	}

	/** A 200 Server-Sent Events stream, written as it is. */
	static StandInReply events(String events) {
		return new StandInReply(200, new EventStream(events));
	}

	/** A body written as {@code text/event-stream}, not as JSON. */
	record EventStream(String text) {
	}

	/** The status only: a body may hold a freshly minted key. */
	@Override
	public String toString() {
		return "StandInReply[status=" + this.status + "]";
	}

}
