package io.autorenew.web;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;

/**
 * Writes Server-Sent Events to a servlet response, flushing each one, so the client sees it
 * at once and a client that has gone away is noticed on the next write (an
 * {@link IOException}).
 * <p>
 * Once {@link #close closed} it writes nothing more: every write fails as if the caller had
 * gone, and a write under way finishes first. An asynchronous response must be closed when the
 * container ends it (its {@code AsyncListener}): Tomcat then recycles the response for the next
 * connection, and a late write from the relaying thread would reach that connection's
 * response.
 */
public final class SseWriter {

	private static final byte[] HEARTBEAT = ":\n\n".getBytes(StandardCharsets.UTF_8);

	private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\r|\n");

	private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]+");

	private final OutputStream out;

	private final ReentrantLock writing = new ReentrantLock();

	private boolean closed;

	private SseWriter(OutputStream out) {
		this.out = out;
	}

	/** Starts an event stream: status 200, {@code text/event-stream}, nothing stored or buffered on the way. */
	public static SseWriter start(HttpServletResponse response) throws IOException {
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setHeader("Cache-Control", "no-store");
		response.setHeader("X-Accel-Buffering", "no");
		SseWriter writer = new SseWriter(response.getOutputStream());
		response.flushBuffer();
		return writer;
	}

	/**
	 * {@code event: name} with its data. A value that holds a line break is written as one
	 * {@code data:} line per line, which clients join again: a line of the value can never
	 * start another SSE field.
	 */
	public void event(String name, String data) throws IOException {
		if (!SAFE_NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("Not an SSE event name: " + name);
		}
		StringBuilder event = new StringBuilder(data.length() + name.length() + 16).append("event: ")
			.append(name)
			.append('\n');
		write(appendData(event, data));
	}

	/** An unnamed event, {@code data: …}, as OpenAI's streams send them; line breaks as in {@link #event}. */
	public void data(String data) throws IOException {
		write(appendData(new StringBuilder(data.length() + 8), data));
	}

	private static StringBuilder appendData(StringBuilder event, String data) {
		for (String line : LINE_BREAK.split(data, -1)) {
			event.append("data: ").append(line).append('\n');
		}
		return event.append('\n');
	}

	private void write(StringBuilder event) throws IOException {
		write(event.toString().getBytes(StandardCharsets.UTF_8));
	}

	/** An SSE comment, which clients ignore: it only proves the client is still there. */
	public void heartbeat() throws IOException {
		write(HEARTBEAT);
	}

	private void write(byte[] bytes) throws IOException {
		this.writing.lock();
		try {
			if (this.closed) {
				throw new IOException("The response has ended");
			}
			this.out.write(bytes);
			this.out.flush();
		}
		finally {
			this.writing.unlock();
		}
	}

	/**
	 * Writes nothing more to the response, once a write under way has finished.
	 * @return whether this call closed it (only the first does)
	 */
	public boolean close() {
		this.writing.lock();
		try {
			boolean open = !this.closed;
			this.closed = true;
			return open;
		}
		finally {
			this.writing.unlock();
		}
	}

}
