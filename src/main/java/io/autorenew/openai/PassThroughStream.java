package io.autorenew.openai;

import java.io.IOException;

import io.autorenew.openrouter.StreamRelay;
import io.autorenew.openrouter.JsonChunkListener;
import io.autorenew.web.SseWriter;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Relays OpenRouter's chunks to an OpenAI client ({@code data: {chunk}} …
 * {@code data: [DONE]}), each one parsed and written again from its parsed form: fields this
 * service does not know pass on, and no raw upstream text reaches the caller. A chunk that is
 * not a JSON object ends the stream with {@code upstream_invalid}; OpenRouter's mid-stream
 * error chunk, and a stream that breaks or stalls, end it with an error chunk in OpenAI's
 * shape carrying the service's code, never OpenRouter's message.
 */
final class PassThroughStream extends JsonChunkListener {

	private final SseWriter out;

	private final ObjectMapper json;

	PassThroughStream(SseWriter out, ObjectMapper json) {
		super(json, "upstream_invalid");
		this.out = out;
		this.json = json;
	}

	@Override
	protected boolean chunk(ObjectNode chunk) throws IOException {
		this.out.data(this.json.writeValueAsString(chunk));
		return true;
	}

	@Override
	public void done() throws IOException {
		this.out.data(StreamRelay.DONE);
	}

	@Override
	public void idle() throws IOException {
		this.out.heartbeat();
	}

	/** An error chunk in OpenAI's shape, which the SDKs raise. */
	@Override
	public void error(String code, String message) throws IOException {
		ObjectNode chunk = this.json.createObjectNode();
		ObjectNode error = chunk.putObject("error");
		error.put("message", message);
		error.put("type", "api_error");
		error.put("code", code);
		error.putNull("param");
		this.out.data(this.json.writeValueAsString(chunk));
	}

}
