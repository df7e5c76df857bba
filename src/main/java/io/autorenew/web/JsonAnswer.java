package io.autorenew.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;

/**
 * Writes a 200 JSON answer whose bytes are already made, as every plain answer of the service
 * is (the analysis, and OpenRouter's answers the gateway passes on): the status, the content
 * type, the length and the body, with none of the return-value conversion a controller's
 * return value goes through. The request's mapping has already matched {@code Accept}
 * against {@code application/json}; measured, Spring's conversion cost about 15 µs a call
 * (bench/NOTES.md, "Issue 38: hand-offs and conversions off the request path").
 */
public final class JsonAnswer {

	private JsonAnswer() {
	}

	public static void write(HttpServletResponse response, byte[] json) throws IOException {
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setContentLength(json.length);
		response.getOutputStream().write(json);
	}

}
