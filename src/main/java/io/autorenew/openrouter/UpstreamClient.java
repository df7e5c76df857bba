package io.autorenew.openrouter;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** One JDK client, its exchanges in flight, and whether its (HTTP/2) connection is up. */
final class UpstreamClient {

	private final HttpClient http;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicBoolean opener = new AtomicBoolean();

	/** The current attempt to open the connection: done once an answer came, failed when its opener got none. */
	private final AtomicReference<CompletableFuture<Void>> up = new AtomicReference<>(new CompletableFuture<>());

	private final Duration wait;

	UpstreamClient(HttpClient http, boolean multiplexed, Duration wait) {
		this.http = http;
		this.wait = wait;
		if (!multiplexed) {
			this.up.get().complete(null);
		}
	}

	HttpClient http() {
		return this.http;
	}

	int inFlight() {
		return this.inFlight.get();
	}

	/** Gives back the place of an exchange that ended. */
	void release() {
		this.inFlight.decrementAndGet();
	}

	/** Takes a place for one more exchange if fewer than {@code limit} are in flight. */
	boolean take(int limit) {
		while (true) {
			int now = this.inFlight.get();
			if (now >= limit) {
				return false;
			}
			if (this.inFlight.compareAndSet(now, now + 1)) {
				return true;
			}
		}
	}

	/**
	 * Whether the caller opens this client's connection: {@code true} for the first stream
	 * while it is not up (it reads its answer through {@link #signalling}, and calls
	 * {@link #openerEnded} once its exchange ended, whatever the outcome); otherwise waits for
	 * the opener, at most as long as the opener's own exchange may take. The waiting streams
	 * share the opener's outcome: when it ended without an answer (no connection: OpenRouter
	 * unreachable, or a handshake timed out under load), they fail as it did, rather than
	 * go at once onto a client with no connection, where the JDK client would open one for
	 * each of them; the next stream opens it again.
	 * @throws IOException when the opener ended without an answer
	 */
	boolean claim() throws IOException, InterruptedException {
		CompletableFuture<Void> attempt = this.up.get();
		if (attempt.isDone() && !attempt.isCompletedExceptionally()) {
			return false;
		}
		if (this.opener.compareAndSet(false, true)) {
			attempt = this.up.get();
			if (attempt.isCompletedExceptionally()) {
				// a failed attempt: this stream opens the next one
				this.up.compareAndSet(attempt, new CompletableFuture<>());
			}
			if (this.up.get().isDone()) {
				// an answer came meanwhile: nothing to open
				this.opener.set(false);
				return false;
			}
			return true;
		}
		try {
			attempt.get(this.wait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException failed) {
			throw new IOException("OpenRouter connection not opened: " + failed.getCause().getMessage(),
					failed.getCause());
		}
		catch (TimeoutException slow) {
			// waited as long as an opener may take: this exchange opens a connection of its own
		}
		return false;
	}

	/** An answer came on this client: its connection is up, the waiting streams go. */
	void opened() {
		this.up.get().complete(null);
	}

	/**
	 * The opener's exchange ended; if no answer came (no connection), the streams waiting for
	 * it fail, and the next stream to come opens the connection again.
	 */
	void openerEnded() {
		CompletableFuture<Void> attempt = this.up.get();
		if (!attempt.isDone()) {
			attempt.completeExceptionally(new IOException("its first stream ended without an answer"));
		}
		this.opener.set(false);
	}

	/**
	 * {@code body}, telling this client its connection is up when the answer's headers come:
	 * the server's settings, its stream limit among them, came before them.
	 */
	<T> HttpResponse.BodyHandler<T> signalling(HttpResponse.BodyHandler<T> body) {
		return (info) -> {
			opened();
			return body.apply(info);
		};
	}

}
