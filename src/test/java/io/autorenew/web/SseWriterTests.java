package io.autorenew.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * A value never starts an SSE field of its own: each of its lines is a {@code data:} line. A
 * closed writer touches the response no more, and closing waits for a write under way.
 */
class SseWriterTests {

	@Test
	void aClosedWriterWritesNothingMoreAndFailsAsIfTheCallerHadGone() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		SseWriter writer = SseWriter.start(response);
		writer.event("delta", "{\"text\":\"a\"}");

		assertThat(writer.close()).isTrue();
		assertThat(writer.close()).as("only the first close closes").isFalse();
		assertThatIOException().isThrownBy(() -> writer.event("delta", "{\"text\":\"b\"}"));
		assertThatIOException().isThrownBy(writer::heartbeat);
		assertThat(response.getContentAsString()).isEqualTo("event: delta\ndata: {\"text\":\"a\"}\n\n");
	}

	@Test
	void closingWaitsForTheWriteUnderWay() throws Exception {
		CountDownLatch writing = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		StringBuilder written = new StringBuilder();
		ServletOutputStream held = new ServletOutputStream() {

			@Override
			public void write(int b) {
				written.append((char) b);
			}

			@Override
			public void write(byte[] bytes, int offset, int length) throws IOException {
				writing.countDown();
				try {
					release.await(5, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IOException(ex);
				}
				written.append(new String(bytes, offset, length, StandardCharsets.UTF_8));
			}

			@Override
			public boolean isReady() {
				return true;
			}

			@Override
			public void setWriteListener(WriteListener listener) {
				// blocking writes only
			}

		};
		MockHttpServletResponse response = new MockHttpServletResponse() {

			@Override
			public ServletOutputStream getOutputStream() {
				return held;
			}

		};
		SseWriter writer = SseWriter.start(response);

		CompletableFuture<Void> heartbeat = CompletableFuture.runAsync(() -> {
			try {
				writer.heartbeat();
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		assertThat(writing.await(5, TimeUnit.SECONDS)).isTrue();
		CompletableFuture<Boolean> closing = CompletableFuture.supplyAsync(writer::close);

		assertThatExceptionOfType(TimeoutException.class).as("closed while a write is under way")
			.isThrownBy(() -> closing.get(200, TimeUnit.MILLISECONDS));
		release.countDown();
		assertThat(closing.get(5, TimeUnit.SECONDS)).isTrue();
		heartbeat.get(5, TimeUnit.SECONDS);
		assertThat(written).hasToString(":\n\n");
	}

	@Test
	void aValueOnOneLineIsOneDataLine() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();

		SseWriter.start(response).event("delta", "{\"text\":\"hi\"}");

		assertThat(response.getContentAsString()).isEqualTo("event: delta\ndata: {\"text\":\"hi\"}\n\n");
		assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
	}

	@Test
	void everyKindOfLineBreakStartsAnotherDataLineNotAField() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();

		SseWriter.start(response).data("x\nevent: injected\r\nid: 7\rretry: 1");

		assertThat(response.getContentAsString())
			.isEqualTo("data: x\ndata: event: injected\ndata: id: 7\ndata: retry: 1\n\n");
	}

	@Test
	void anEventNameWithALineBreakIsRefused() throws Exception {
		SseWriter writer = SseWriter.start(new MockHttpServletResponse());

		assertThatIllegalArgumentException().isThrownBy(() -> writer.event("delta\ndata: x", "{}"));
	}

}
