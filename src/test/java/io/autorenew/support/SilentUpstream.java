package io.autorenew.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A chat upstream that answers 200 with an event stream and then says nothing (or only
 * {@code : OPENROUTER PROCESSING} comments), over a raw socket, and records when the service
 * closed the connection: the moment a read of it ends. WireMock cannot tell when its client
 * went away, nor hold a stream open without sending.
 */
public final class SilentUpstream implements AutoCloseable {

	private final ServerSocket server;

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private volatile boolean comments;

	private volatile CompletableFuture<Long> opened = new CompletableFuture<>();

	private volatile CompletableFuture<Long> closed = new CompletableFuture<>();

	public SilentUpstream() throws IOException {
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.threads.execute(this::accept);
	}

	/** A started upstream, for a static field of a test class. */
	public static SilentUpstream started() {
		try {
			return new SilentUpstream();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot listen on loopback", ex);
		}
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getLocalPort() + "/api/v1";
	}

	/** The next stream sends a comment every 100 ms ({@code true}) or nothing at all. */
	public void reset(boolean comments) {
		this.comments = comments;
		this.opened = new CompletableFuture<>();
		this.closed = new CompletableFuture<>();
	}

	/** When ({@link System#nanoTime()}) the last stream started, waiting at most {@code timeout}. */
	public long awaitOpened(Duration timeout) throws Exception {
		return this.opened.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** When ({@link System#nanoTime()}) the service closed the last stream's connection. */
	public long awaitClosed(Duration timeout) throws Exception {
		return this.closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket socket = this.server.accept();
				this.threads.execute(() -> serve(socket));
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void serve(Socket socket) {
		CompletableFuture<Long> closed = this.closed;
		try (socket) {
			InputStream in = socket.getInputStream();
			readRequest(in);
			OutputStream out = socket.getOutputStream();
			out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			this.opened.complete(System.nanoTime());
			if (this.comments) {
				this.threads.execute(() -> comment(out, closed));
			}
			while (in.read() >= 0) {
				// a client sends nothing more on a stream: a read ends when it closes the connection
			}
		}
		catch (IOException ex) {
			// reset by the client: closed as well
		}
		finally {
			closed.complete(System.nanoTime());
		}
	}

	private void comment(OutputStream out, CompletableFuture<Long> closed) {
		byte[] chunk = chunk(": OPENROUTER PROCESSING\n\n");
		try {
			while (!closed.isDone()) {
				out.write(chunk);
				out.flush();
				closed.get(100, TimeUnit.MILLISECONDS);
			}
		}
		catch (Exception ex) {
			// closed, or a write failed because the service hung up
		}
	}

	private static byte[] chunk(String text) {
		byte[] data = text.getBytes(StandardCharsets.UTF_8);
		ByteArrayOutputStream chunk = new ByteArrayOutputStream();
		chunk.writeBytes((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
		chunk.writeBytes(data);
		chunk.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
		return chunk.toByteArray();
	}

	/** Reads the request line, headers and a {@code Content-Length} body. */
	private static void readRequest(InputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			int next = in.read();
			if (next < 0) {
				throw new IOException("request ended early");
			}
			head.append((char) next);
		}
		int length = 0;
		for (String line : head.toString().split("\r\n")) {
			if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
				length = Integer.parseInt(line.substring(15).strip());
			}
		}
		in.readNBytes(length);
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		this.threads.shutdownNow();
	}

}
