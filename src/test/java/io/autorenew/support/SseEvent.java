package io.autorenew.support;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One Server-Sent Event as a client sees it: its name ({@code message} when unnamed) and
 * data. Comments are dropped, as every SSE client drops them.
 */
public record SseEvent(String name, String data) {

	public JsonNode json() {
		return JsonMapper.shared().readTree(this.data);
	}

	/** The events of a whole event-stream body. */
	public static List<SseEvent> parse(String body) {
		List<SseEvent> events = new ArrayList<>();
		String name = "message";
		StringBuilder data = null;
		for (String line : body.split("\n", -1)) {
			if (line.isEmpty()) {
				if (data != null) {
					events.add(new SseEvent(name, data.toString()));
				}
				name = "message";
				data = null;
			}
			else if (line.startsWith("event:")) {
				name = line.substring(6).strip();
			}
			else if (line.startsWith("data:")) {
				String value = line.substring(line.startsWith("data: ") ? 6 : 5);
				data = (data == null) ? new StringBuilder(value) : data.append('\n').append(value);
			}
		}
		return events;
	}

}
