package io.autorenew.web;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** A value never starts an SSE field of its own: each of its lines is a {@code data:} line. */
class SseWriterTests {

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
