package io.autorenew.openrouter;

import java.io.IOException;
import java.util.function.Consumer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A {@link StreamRelay.Listener} of OpenRouter's chat chunks, each read as a JSON object. A
 * chunk that is not one ends the stream with the feature's code for an unreadable answer;
 * OpenRouter's mid-stream error chunk (an {@code error} object whose {@code code} is an HTTP
 * status) ends it with the {@link UpstreamFailure}'s code and stream detail, never OpenRouter's
 * own message. Every other chunk goes to {@link #chunk}.
 */
public abstract class JsonChunkListener implements StreamRelay.Listener {

	private final ObjectMapper json;

	private final String unreadableCode;

	private Consumer<ObjectNode> observer = (chunk) -> {
	};

	/** @param unreadableCode the code of the error that ends a stream on an unreadable chunk */
	protected JsonChunkListener(ObjectMapper json, String unreadableCode) {
		this.json = json;
		this.unreadableCode = unreadableCode;
	}

	@Override
	public final boolean data(String data) throws IOException {
		JsonNode chunk;
		try {
			chunk = this.json.readTree(data);
		}
		catch (RuntimeException unreadable) {
			chunk = null;
		}
		if (!(chunk instanceof ObjectNode object)) {
			error(this.unreadableCode, "OpenRouter sent a part of the answer that cannot be read.");
			return false;
		}
		if (object.has("error")) {
			UpstreamFailure failure = UpstreamFailure.inStream(object.path("error").path("code").asInt(0));
			error(failure.code(), failure.streamDetail());
			return false;
		}
		this.observer.accept(object);
		return chunk(object);
	}

	/** Shows {@code observer} each chunk of the answer before it is relayed (e.g. to read its usage). */
	public final JsonChunkListener observedBy(Consumer<ObjectNode> observer) {
		this.observer = observer;
		return this;
	}

	/** One chunk of the answer; {@code false} to stop relaying. */
	protected abstract boolean chunk(ObjectNode chunk) throws IOException;

}
