package io.autorenew.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP relay the service takes for OpenRouter, so the tests that share one context can each put
 * the OpenRouter they need behind it: WireMock, the stand-in or a silent upstream. Bytes pass as
 * they come, and an end on either side ends the other (a broken upstream as a reset), so the
 * service and the upstream see each other's hang-ups as if the relay were not there. Switching
 * to another upstream closes the connections to the one before, which the service's pool then
 * drops.
 */
public final class UpstreamSwitch implements AutoCloseable {

	private final ServerSocket server;

	private final ExecutorService threads = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "upstream-switch");
		thread.setDaemon(true);
		return thread;
	});

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private volatile int upstreamPort;

	private UpstreamSwitch() throws IOException {
		this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
		this.threads.execute(this::accept);
	}

	/** A started relay, for a static field of a test base class. */
	public static UpstreamSwitch started() {
		try {
			return new UpstreamSwitch();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot listen on loopback", ex);
		}
	}

	/** {@code http://127.0.0.1:<port>/api/v1}: OpenRouter's base URL, through the relay. */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getLocalPort() + OpenRouterStub.BASE_PATH;
	}

	/** Relays from now on to the server of {@code baseUrl}; connections to another upstream are closed. */
	public void to(String baseUrl) {
		int port = URI.create(baseUrl).getPort();
		synchronized (this.open) {
			if (port != this.upstreamPort) {
				this.upstreamPort = port;
				this.open.forEach(UpstreamSwitch::closeQuietly);
			}
		}
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket caller = this.server.accept();
				this.threads.execute(() -> relay(caller));
			}
			catch (IOException ex) {
				// closed
			}
		}
	}

	private void relay(Socket caller) {
		int port = this.upstreamPort;
		Socket upstream;
		try {
			upstream = new Socket(InetAddress.getLoopbackAddress(), port);
		}
		catch (IOException ex) {
			closeQuietly(caller);
			return;
		}
		synchronized (this.open) {
			// a switch while this connected: the connection goes to the upstream before, so it ends
			// now, as the switch ended the others (else a test could be answered by the last one's)
			if (port != this.upstreamPort) {
				closeQuietly(upstream);
				closeQuietly(caller);
				return;
			}
			this.open.add(caller);
			this.open.add(upstream);
		}
		this.threads.execute(() -> pump(upstream, caller));
		pump(caller, upstream);
	}

	/** Copies until {@code from} ends, then ends {@code to}: with a reset when {@code from} broke. */
	private void pump(Socket from, Socket to) {
		boolean broken = false;
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			byte[] buffer = new byte[8192];
			for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException ex) {
			broken = !from.isClosed();
		}
		finally {
			if (broken) {
				reset(to);
			}
			closeQuietly(to);
			closeQuietly(from);
			this.open.remove(to);
			this.open.remove(from);
		}
	}

	private static void reset(Socket socket) {
		try {
			socket.setSoLinger(true, 0);
		}
		catch (IOException ex) {
			// already closed
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		this.open.forEach(UpstreamSwitch::closeQuietly);
		this.threads.shutdownNow();
	}

}
