package io.autorenew.openrouter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The lines of an event stream, read from its bytes: a line ends at LF, CR or CRLF (as the SSE
 * format has it) and is decoded as UTF-8, malformed bytes replaced. It holds a 1 KB read buffer
 * and the bytes of the line being read, where a {@code BufferedReader} over an
 * {@code InputStreamReader} holds 8 KB of bytes and 2 KB of chars: thousands of quiet streams
 * each hold one (bench/NOTES.md, "Issue 38: open streams on HTTP/2"). No lock: a virtual thread
 * blocked in {@link #next} never pins its carrier, on any Java.
 */
final class SseLines {

	private static final int BUFFER = 1024;

	private static final int LARGE_LINE = 8192;

	private final InputStream body;

	private final byte[] buffer = new byte[BUFFER];

	private int position;

	private int limit;

	private byte[] line = new byte[128];

	private int length;

	private boolean afterCr;

	SseLines(InputStream body) {
		this.body = body;
	}

	/** The next line without its end, or {@code null} once the stream has ended. */
	String next() throws IOException {
		this.length = 0;
		while (true) {
			if (this.position == this.limit) {
				int read = this.body.read(this.buffer, 0, BUFFER);
				if (read < 0) {
					return (this.length > 0) ? take() : null;
				}
				this.position = 0;
				this.limit = read;
			}
			while (this.position < this.limit) {
				byte next = this.buffer[this.position++];
				boolean lf = next == '\n';
				if (lf && this.afterCr) {
					// the LF of a CRLF: its line was returned at the CR
					this.afterCr = false;
					continue;
				}
				this.afterCr = next == '\r';
				if (lf || this.afterCr) {
					return take();
				}
				append(next);
			}
		}
	}

	private void append(byte next) {
		if (this.length == this.line.length) {
			this.line = Arrays.copyOf(this.line, this.line.length * 2);
		}
		this.line[this.length++] = next;
	}

	private String take() {
		String taken = new String(this.line, 0, this.length, StandardCharsets.UTF_8);
		this.length = 0;
		if (this.line.length > LARGE_LINE) {
			// one long event (a big tool call) does not make the stream hold its size for ever
			this.line = new byte[128];
		}
		return taken;
	}

}
