package io.autorenew.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A TCP proxy on a loopback port in front of another port, which a test can pause: while
 * paused, connections stay open and new ones are accepted, but no byte goes either way, as
 * when the process behind it is stopped ({@code SIGSTOP}); resumed, everything flows again.
 */
public final class PausableProxy implements AutoCloseable {

	private final ServerSocket server;

	private final int target;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition running = this.lock.newCondition();

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private volatile boolean paused;

	public PausableProxy(int target) throws IOException {
		this.target = target;
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::accept, "pausable-proxy");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	public int port() {
		return this.server.getLocalPort();
	}

	/** Stops every byte, both ways, until {@link #resume()}. */
	public void pause() {
		this.paused = true;
	}

	public void resume() {
		this.lock.lock();
		try {
			this.paused = false;
			this.running.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				this.sockets.add(client);
				daemon(() -> connect(client));
			}
			catch (IOException closed) {
				return;
			}
		}
	}

	private void connect(Socket client) {
		try {
			awaitRunning();
			Socket upstream = new Socket(InetAddress.getLoopbackAddress(), this.target);
			this.sockets.add(upstream);
			daemon(() -> pump(client, upstream));
			pump(upstream, client);
		}
		catch (IOException | InterruptedException ex) {
			closeQuietly(client);
		}
	}

	private void pump(Socket from, Socket to) {
		byte[] buffer = new byte[16 * 1024];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
				awaitRunning();
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException | InterruptedException ex) {
			// one side closed: close the other
		}
		finally {
			closeQuietly(from);
			closeQuietly(to);
		}
	}

	private void awaitRunning() throws InterruptedException {
		this.lock.lock();
		try {
			while (this.paused) {
				this.running.await();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private static void daemon(Runnable task) {
		Thread thread = new Thread(task, "pausable-proxy-pump");
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ignored) {
			// already closed
		}
	}

	@Override
	public void close() throws IOException {
		resume();
		this.server.close();
		for (Socket socket : this.sockets) {
			closeQuietly(socket);
		}
	}

}
