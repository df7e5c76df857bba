package io.autorenew.openrouter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An event stream's lines as {@code BufferedReader.readLine} gives them: every line end the SSE
 * format allows, UTF-8 split across reads, malformed bytes replaced, lines longer than the
 * buffer, a last line without its end.
 */
class SseLinesTests {

	@ParameterizedTest(name = "line end {0}")
	@ValueSource(strings = { "\n", "\r\n", "\r" })
	void everyLineEndOfTheFormatEndsALine(String end) throws IOException {
		String stream = "data: {\"a\":1}" + end + end + ": OPENROUTER PROCESSING" + end + end + "data: [DONE]" + end + end;

		assertThat(lines(bytes(stream), 1)).containsExactly("data: {\"a\":1}", "", ": OPENROUTER PROCESSING", "",
				"data: [DONE]", "");
	}

	@Test
	void aCrlfSplitBetweenTwoReadsIsOneLineEnd() throws IOException {
		assertThat(lines(bytes("one\r\ntwo\r\n"), 4)).containsExactly("one", "two");
	}

	@Test
	void utf8SplitBetweenReadsIsDecodedWhole() throws IOException {
		String text = "data: {\"content\":\"Grüße, 世界 🙂\"}";

		assertThat(lines(bytes(text + "\n"), 1)).containsExactly(text);
	}

	@Test
	void malformedBytesAreReplacedNotFatal() throws IOException {
		byte[] stream = { 'o', 'k', (byte) 0xC3, '\n', 'n', 'e', 'x', 't', '\n' };

		assertThat(lines(stream, 1024)).containsExactly("ok\uFFFD", "next");
	}

	@Test
	void aLineLongerThanTheBufferComesWhole() throws IOException {
		String longLine = "data: " + "x".repeat(50_000);

		assertThat(lines(bytes(longLine + "\n\ndata: [DONE]\n"), 1024)).containsExactly(longLine, "", "data: [DONE]");
	}

	@Test
	void aLastLineWithoutItsEndIsStillALine() throws IOException {
		assertThat(lines(bytes("data: a\n\ndata: b"), 1024)).containsExactly("data: a", "", "data: b");
	}

	@Test
	void anEmptyStreamHasNoLines() throws IOException {
		assertThat(lines(new byte[0], 1024)).isEmpty();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/** The lines of {@code stream}, read in pieces of at most {@code piece} bytes, as a network hands them over. */
	private static List<String> lines(byte[] stream, int piece) throws IOException {
		InputStream pieces = new ByteArrayInputStream(stream) {
			@Override
			public synchronized int read(byte[] into, int offset, int length) {
				return super.read(into, offset, Math.min(length, piece));
			}
		};
		SseLines lines = new SseLines(pieces);
		List<String> all = new ArrayList<>();
		for (String line = lines.next(); line != null; line = lines.next()) {
			all.add(line);
		}
		return all;
	}

}
