package io.autorenew.web;

import org.apache.coyote.http11.Http11NioProtocol;

/**
 * Tomcat's HTTP/1.1 NIO protocol with each response's output buffer at 2 KB instead of 8 KB.
 * Tomcat gives every connection with a request in progress one output buffer of this many bytes
 * and one of as many chars, for as long as the request runs, and an open stream is a request
 * that runs for minutes: 18 KB less per open stream (bench/NOTES.md, "Issue 38: open streams on
 * HTTP/2"). A write larger than the buffer goes to the socket as it is, and the service's plain
 * answers are written whole with their length, so short answers are unchanged.
 */
public final class StreamFriendlyProtocol extends Http11NioProtocol {

	/** Bytes (and chars) of each response's output buffer. */
	static final int OUTPUT_BUFFER = 2048;

	@Override
	public int getDesiredBufferSize() {
		return OUTPUT_BUFFER;
	}

}
