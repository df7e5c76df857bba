package io.autorenew.openai;

import java.io.IOException;

import io.autorenew.openrouter.ChatStream;
import io.autorenew.web.SseWriter;

/**
 * Relays OpenRouter's chunks to an OpenAI client as they are, byte for byte
 * ({@code data: {chunk}} … {@code data: [DONE]}): fields this service does not know pass on,
 * and OpenRouter's mid-stream error chunk reaches the SDK, which raises it. A stream that
 * breaks or stalls ends with an error chunk in OpenAI's shape.
 */
final class PassThroughStream implements ChatStream.Listener {

	private final SseWriter out;

	PassThroughStream(SseWriter out) {
		this.out = out;
	}

	@Override
	public boolean data(String data) throws IOException {
		this.out.data(data);
		return true;
	}

	@Override
	public void done() throws IOException {
		this.out.data(ChatStream.DONE);
	}

	@Override
	public void idle() throws IOException {
		this.out.heartbeat();
	}

	/** An error chunk in OpenAI's shape, which the SDKs raise. */
	@Override
	public void error(String code, String message) throws IOException {
		this.out.data("{\"error\":{\"message\":\"" + message + "\",\"type\":\"api_error\",\"code\":\"" + code
				+ "\",\"param\":null}}");
	}

}
