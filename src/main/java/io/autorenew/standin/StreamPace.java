package io.autorenew.standin;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;

/**
 * How the stand-in streams chat answers while this pace is set, and what became of them: it
 * writes {@code chunks} chunks, one every {@code every}, then goes quiet as OpenRouter does
 * while a model thinks, sending only its {@code : OPENROUTER PROCESSING} comment every
 * {@code every}, which carries no answer; and it notes when a stream opened and when a write
 * failed because the caller hung up (a provider slower than its reader, a reader that went
 * away). Chat streams are paced; {@code pace(0, every)} is a stream that opens and stays quiet,
 * on every API (chat, Responses, Messages).
 */
public final class StreamPace {

	private static final byte[] PROCESSING = ": OPENROUTER PROCESSING\n\n".getBytes(StandardCharsets.UTF_8);

	private final int chunks;

	private final Duration every;

	private final AtomicInteger written = new AtomicInteger();

	private final AtomicLong hungUpAt = new AtomicLong();

	private final CountDownLatch hungUp = new CountDownLatch(1);

	private final CountDownLatch opened = new CountDownLatch(1);

	private final AtomicInteger streams = new AtomicInteger();

	StreamPace(int chunks, Duration every) {
		this.chunks = chunks;
		this.every = every;
	}

	/** Streams chat chunks at this pace, then comments only until the caller hangs up (or a minute passes). */
	void stream(HttpExchange exchange) throws IOException, InterruptedException {
		exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
		exchange.sendResponseHeaders(200, 0);
		OutputStream out = exchange.getResponseBody();
		out.flush();
		this.streams.incrementAndGet();
		this.opened.countDown();
		try {
			for (int i = 0; i < this.chunks; i++) {
				out.write(("data: {\"id\":\"gen-paced\",\"object\":\"chat.completion.chunk\",\"created\":0,"
						+ "\"model\":\"openrouter/auto\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + i
						+ " \"},\"finish_reason\":null}]}\n\n")
					.getBytes(StandardCharsets.UTF_8));
				out.flush();
				this.written.incrementAndGet();
				Thread.sleep(this.every.toMillis());
			}
			long quietUntil = System.nanoTime() + Duration.ofMinutes(1).toNanos();
			while (System.nanoTime() < quietUntil) {
				out.write(PROCESSING);
				out.flush();
				Thread.sleep(this.every.toMillis());
			}
		}
		catch (IOException hungUp) {
			this.hungUpAt.compareAndSet(0, System.nanoTime());
			this.hungUp.countDown();
		}
	}

	/** Whether a stream of this pace opened (its 200 and headers sent) within {@code timeout}. */
	public boolean awaitOpened(Duration timeout) throws InterruptedException {
		return this.opened.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** Whether streams of this pace send no chunks, only OpenRouter's processing comment. */
	boolean quiet() {
		return this.chunks == 0;
	}

	/** How many streams of this pace have opened. */
	public int opened() {
		return this.streams.get();
	}

	/** Chunks written so far, by every stream of this pace. */
	public int written() {
		return this.written.get();
	}

	/** Whether a caller hung up on a paced stream within {@code timeout}. */
	public boolean awaitHangUp(Duration timeout) throws InterruptedException {
		return this.hungUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** When ({@link System#nanoTime()}) the first write failed because its caller had hung up; 0 if none did. */
	public long hungUpAtNanos() {
		return this.hungUpAt.get();
	}

}
