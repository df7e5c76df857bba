package io.autorenew.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP(S) proxy on a loopback port that refuses every request and records the host each
 * asked for: what a program run with {@code HTTP_PROXY} and {@code HTTPS_PROXY} pointing here
 * tried to reach besides the hosts it was told to reach directly ({@code NO_PROXY}).
 */
public final class RefusingProxy implements AutoCloseable {

	private final ServerSocket server;

	private final List<String> hosts = new CopyOnWriteArrayList<>();

	private final Thread acceptor;

	public RefusingProxy() throws IOException {
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.acceptor = new Thread(this::accept, "refusing-proxy");
		this.acceptor.setDaemon(true);
		this.acceptor.start();
	}

	/** The proxy's address, for {@code HTTP_PROXY} and {@code HTTPS_PROXY}. */
	public String url() {
		return "http://127.0.0.1:" + this.server.getLocalPort();
	}

	/** The hosts asked for, in order ({@code CONNECT host:port} or an absolute URL's host). */
	public List<String> hosts() {
		return List.copyOf(this.hosts);
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket socket = this.server.accept();
				Thread refusal = new Thread(() -> refuse(socket), "refusing-proxy-connection");
				refusal.setDaemon(true);
				refusal.start();
			}
			catch (IOException closed) {
				return;
			}
		}
	}

	private void refuse(Socket socket) {
		try (socket) {
			BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
			String line = in.readLine();
			if (line != null) {
				String[] parts = line.split(" ");
				if (parts.length > 1) {
					String target = parts[1].replaceFirst("^[a-z]+://", "");
					this.hosts.add(target.replaceFirst("[/:].*$", ""));
				}
			}
			OutputStream out = socket.getOutputStream();
			out.write("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
				.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
		}
		catch (IOException ignored) {
			// the client went away; nothing to refuse
		}
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		try {
			this.acceptor.join(5_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
