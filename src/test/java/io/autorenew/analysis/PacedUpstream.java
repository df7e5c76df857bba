package io.autorenew.analysis;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.autorenew.support.OpenRouterStub;

/**
 * A chat upstream that streams at a set pace over a real socket and records what happens
 * to its stream: how many chunks it wrote, and when a write failed because the service
 * hung up. WireMock cannot pace a stream or tell that its reader went away.
 */
final class PacedUpstream implements AutoCloseable {

	private final HttpServer server;

	private final ScheduledExecutorService pacer = Executors.newScheduledThreadPool(2);

	private final CountDownLatch hungUp = new CountDownLatch(1);

	private final AtomicLong hungUpAt = new AtomicLong();

	private final AtomicInteger written = new AtomicInteger();

	private volatile int chunks = 300;

	private volatile Duration every = Duration.ofMillis(100);

	PacedUpstream() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.setExecutor(Executors.newCachedThreadPool());
		this.server.createContext("/api/v1/chat/completions", this::stream);
		this.server.start();
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/api/v1";
	}

	/** The next streams write {@code chunks} chunks, one every {@code every}, then stall. */
	void pace(int chunks, Duration every) {
		this.chunks = chunks;
		this.every = every;
	}

	boolean awaitHangUp(Duration timeout) throws InterruptedException {
		return this.hungUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	long hungUpAtNanos() {
		return this.hungUpAt.get();
	}

	int written() {
		return this.written.get();
	}

	private void stream(HttpExchange exchange) throws IOException {
		exchange.getRequestBody().readAllBytes();
		exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
		exchange.sendResponseHeaders(200, 0);
		OutputStream out = exchange.getResponseBody();
		CountDownLatch finished = new CountDownLatch(1);
		AtomicInteger index = new AtomicInteger();
		ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
		task[0] = this.pacer.scheduleAtFixedRate(() -> {
			int i = index.getAndIncrement();
			if (i >= this.chunks) {
				return;
			}
			try {
				out.write(OpenRouterStub.chunk(i + " ").getBytes(StandardCharsets.UTF_8));
				out.flush();
				this.written.incrementAndGet();
			}
			catch (IOException hangUp) {
				this.hungUpAt.compareAndSet(0, System.nanoTime());
				this.hungUp.countDown();
				task[0].cancel(false);
				finished.countDown();
			}
		}, 0, this.every.toMillis(), TimeUnit.MILLISECONDS);
		try {
			finished.await(60, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			task[0].cancel(false);
			exchange.close();
		}
	}

	@Override
	public void close() {
		this.pacer.shutdownNow();
		this.server.stop(0);
	}

}
