package io.autorenew.openai;

import java.io.IOException;

import io.autorenew.openrouter.JsonChunkListener;
import io.autorenew.web.SseWriter;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Relays OpenRouter's Responses API events to an OpenAI client: each typed event
 * ({@code response.created} … {@code response.output_text.delta} … {@code response.completed})
 * is parsed, written again from its parsed form and sent with its {@code event:} name (its
 * {@code type}). The stream ends after {@code response.completed}, {@code response.failed} or
 * {@code response.incomplete}. OpenRouter's {@code error} event, an unreadable event, and a
 * stream that breaks or stalls end it with an {@code error} event in the Responses API's shape
 * carrying the service's code, never OpenRouter's message.
 */
final class ResponsesStream extends JsonChunkListener {

	private final SseWriter out;

	private final ObjectMapper json;

	private int sequence;

	ResponsesStream(SseWriter out, ObjectMapper json) {
		super(json, "upstream_invalid");
		this.out = out;
		this.json = json;
	}

	@Override
	protected boolean chunk(ObjectNode event) throws IOException {
		String type = event.path("type").asString("");
		if (type.equals("error")) {
			error("upstream_error", "OpenRouter failed during the answer.");
			return false;
		}
		if (type.isEmpty()) {
			error("upstream_invalid", "OpenRouter sent a part of the answer that cannot be read.");
			return false;
		}
		this.sequence = event.path("sequence_number").asInt(this.sequence + 1);
		this.out.event(type, this.json.writeValueAsString(event));
		return !(type.equals("response.completed") || type.equals("response.failed")
				|| type.equals("response.incomplete"));
	}

	@Override
	public void done() {
		// The Responses API ends with response.completed; a [DONE] after it carries nothing.
	}

	@Override
	public void idle() throws IOException {
		this.out.heartbeat();
	}

	/** An {@code error} event as the Responses API sends one, which the SDKs raise. */
	@Override
	public void error(String code, String message) throws IOException {
		ObjectNode event = this.json.createObjectNode();
		event.put("type", "error");
		event.put("code", code);
		event.put("message", message);
		event.putNull("param");
		event.put("sequence_number", ++this.sequence);
		this.out.event("error", this.json.writeValueAsString(event));
	}

}
