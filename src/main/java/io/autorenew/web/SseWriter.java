package io.autorenew.web;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;

/**
 * Writes Server-Sent Events to a servlet response, flushing each one, so the client sees it
 * at once and a client that has gone away is noticed on the next write (an
 * {@link IOException}).
 */
public final class SseWriter {

	private static final byte[] HEARTBEAT = ":\n\n".getBytes(StandardCharsets.UTF_8);

	private final OutputStream out;

	private SseWriter(OutputStream out) {
		this.out = out;
	}

	/** Starts an event stream: status 200, {@code text/event-stream}, nothing cached or buffered on the way. */
	public static SseWriter start(HttpServletResponse response) throws IOException {
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setHeader("Cache-Control", "no-cache");
		response.setHeader("X-Accel-Buffering", "no");
		SseWriter writer = new SseWriter(response.getOutputStream());
		response.flushBuffer();
		return writer;
	}

	/** {@code event: name} with one line of data (JSON has no raw line breaks). */
	public void event(String name, String data) throws IOException {
		this.out.write(("event: " + name + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
		this.out.flush();
	}

	/** An unnamed event, {@code data: …}, as OpenAI's streams send them. */
	public void data(String data) throws IOException {
		this.out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
		this.out.flush();
	}

	/** An SSE comment, which clients ignore: it only proves the client is still there. */
	public void heartbeat() throws IOException {
		this.out.write(HEARTBEAT);
		this.out.flush();
	}

}
