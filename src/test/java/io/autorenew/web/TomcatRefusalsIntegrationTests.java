package io.autorenew.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import io.autorenew.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests Tomcat refuses itself, before Spring sees them (an encoded NUL in the path), are
 * answered by the error-report valve in the shape of the API the path speaks: problem+json,
 * OpenAI's under {@code /v1/}, Anthropic's under {@code /v1/messages}.
 */
class TomcatRefusalsIntegrationTests extends IntegrationTest {

	@Test
	void anEncodedNulGetsTheProblemShapeOutsideTheAgentApis() throws IOException {
		String answer = raw("/analysis%00");

		assertThat(answer).startsWith("HTTP/1.1 400").containsIgnoringCase("Content-Type: application/problem+json");
		assertThat(answer).contains("\"code\":\"invalid_request\"").contains("\"requestId\":");
	}

	@Test
	void anEncodedNulGetsOpenAisShapeUnderV1() throws IOException {
		String answer = raw("/v1/chat/completions%00");

		assertThat(answer).startsWith("HTTP/1.1 400").containsIgnoringCase("Content-Type: application/json");
		assertThat(answer).contains("{\"error\":{").contains("\"code\":\"invalid_request\"");
	}

	@Test
	void anEncodedNulGetsAnthropicsShapeUnderV1Messages() throws IOException {
		String answer = raw("/v1/messages/%00");

		assertThat(answer).startsWith("HTTP/1.1 400").contains("{\"type\":\"error\",\"error\":{")
			.contains("\"invalid_request_error\"");
	}

	private String raw(String target) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST " + target + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
					+ "Content-Length: 2\r\nConnection: close\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream answer = new ByteArrayOutputStream();
			in.transferTo(answer);
			return answer.toString(StandardCharsets.UTF_8);
		}
	}

}
