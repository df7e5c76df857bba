package io.autorenew.analysis;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.autorenew.support.Api.Response;

/**
 * A raw HTTP/1.1 client for the hostile corpus: writes exactly the request line, headers and
 * bytes of an entry (with {@code Content-Length}, chunked, or no body), from a separate
 * thread, so an answer the server gives before the body is sent is still read.
 */
final class HostileRequestCorpusWire {

	private static final int TIMEOUT_MILLIS = 30_000;

	private static final int CHUNK = 64 * 1024;

	private HostileRequestCorpusWire() {
	}

	static Response send(int port, HostileRequestCorpusEntry entry) throws IOException, InterruptedException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
			socket.setSoTimeout(TIMEOUT_MILLIS);
			OutputStream out = socket.getOutputStream();
			out.write(head(port, entry));
			out.flush();
			Thread writer = new Thread(() -> writeBody(out, entry), "corpus-body-writer");
			writer.setDaemon(true);
			writer.start();
			byte[] answer = read(socket.getInputStream());
			socket.close();
			writer.join(TIMEOUT_MILLIS);
			return parse(answer);
		}
	}

	private static byte[] head(int port, HostileRequestCorpusEntry entry) {
		StringBuilder head = new StringBuilder();
		head.append(entry.method()).append(' ').append(entry.target()).append(" HTTP/1.1\r\n");
		head.append("Host: 127.0.0.1:").append(port).append("\r\n");
		head.append("Connection: close\r\n");
		if (entry.token() != null) {
			head.append("Authorization: Bearer ").append(entry.token()).append("\r\n");
		}
		if (entry.contentType() != null) {
			head.append("Content-Type: ").append(entry.contentType()).append("\r\n");
		}
		if (entry.chunked()) {
			head.append("Transfer-Encoding: chunked\r\n");
		}
		else if (entry.body() != null) {
			head.append("Content-Length: ").append(entry.body().length).append("\r\n");
		}
		return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
	}

	/** Writes the body; the server may close the connection early, which is its right. */
	private static void writeBody(OutputStream out, HostileRequestCorpusEntry entry) {
		byte[] body = entry.body();
		if (body == null) {
			return;
		}
		try {
			for (int offset = 0; offset < body.length; offset += CHUNK) {
				int length = Math.min(CHUNK, body.length - offset);
				if (entry.chunked()) {
					out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
				}
				out.write(body, offset, length);
				if (entry.chunked()) {
					out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
				}
			}
			if (entry.chunked()) {
				out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			}
			out.flush();
		}
		catch (IOException ex) {
			// the server answered and closed before reading everything
		}
	}

	/** Reads until the answer is complete or the server closes (or resets) the connection. */
	private static byte[] read(InputStream in) throws IOException {
		ByteArrayOutputStream answer = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		try {
			for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
				answer.write(buffer, 0, n);
				if (complete(answer.toByteArray())) {
					break;
				}
			}
		}
		catch (IOException ex) {
			if (answer.size() == 0) {
				throw ex;
			}
		}
		return answer.toByteArray();
	}

	private static boolean complete(byte[] answer) {
		String text = new String(answer, StandardCharsets.ISO_8859_1);
		int end = text.indexOf("\r\n\r\n");
		if (end < 0) {
			return false;
		}
		Map<String, String> headers = headers(text.substring(0, end));
		String length = headers.get("content-length");
		if (length != null) {
			return answer.length >= end + 4 + Integer.parseInt(length.trim());
		}
		if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			return text.endsWith("0\r\n\r\n");
		}
		return false;
	}

	private static Response parse(byte[] answer) {
		String text = new String(answer, StandardCharsets.ISO_8859_1);
		int end = text.indexOf("\r\n\r\n");
		if (!text.startsWith("HTTP/1.1 ") || end < 0) {
			throw new AssertionError("Not an HTTP answer: " + text.substring(0, Math.min(200, text.length())));
		}
		int status = Integer.parseInt(text.substring(9, 12));
		Map<String, String> headers = headers(text.substring(0, end));
		byte[] body = java.util.Arrays.copyOfRange(answer, end + 4, answer.length);
		if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			body = dechunk(body);
		}
		return new Response(status, headers.getOrDefault("content-type", ""), headers.get("retry-after"),
				new String(body, StandardCharsets.UTF_8));
	}

	private static Map<String, String> headers(String head) {
		Map<String, String> headers = new TreeMap<>();
		String[] lines = head.split("\r\n");
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			if (colon > 0) {
				headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
						lines[i].substring(colon + 1).trim());
			}
		}
		return headers;
	}

	private static byte[] dechunk(byte[] chunked) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		int at = 0;
		while (at < chunked.length) {
			int lineEnd = indexOfCrLf(chunked, at);
			if (lineEnd < 0) {
				break;
			}
			String size = new String(chunked, at, lineEnd - at, StandardCharsets.US_ASCII).split(";")[0].trim();
			int length = Integer.parseInt(size, 16);
			if (length == 0) {
				break;
			}
			body.write(chunked, lineEnd + 2, Math.min(length, chunked.length - lineEnd - 2));
			at = lineEnd + 2 + length + 2;
		}
		return body.toByteArray();
	}

	private static int indexOfCrLf(byte[] bytes, int from) {
		for (int i = from; i + 1 < bytes.length; i++) {
			if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
				return i;
			}
		}
		return -1;
	}

}
