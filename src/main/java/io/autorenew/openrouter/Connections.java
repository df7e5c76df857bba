package io.autorenew.openrouter;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The request path's JDK clients, one connection each. Over HTTP/2 a connection carries at most
 * the server's {@code SETTINGS_MAX_CONCURRENT_STREAMS} exchanges at once (RFC 9113 recommends
 * no fewer than 100; OpenRouter's front sets its own), and the JDK client refuses one more with
 * {@code IOException("too many concurrent streams")} before sending a byte of it, instead of
 * opening another connection. An exchange refused that way is sent again on the next client,
 * and a client is added when every one is full: so thousands of open streams take as many
 * connections as the server's limit makes them need, never a refusal.
 * <p>
 * The JDK client also opens a connection for every exchange that starts before its first
 * connection is up. So on HTTP/2 the first stream of a client opens its connection and the
 * other streams wait (at most the connect timeout) until its answer's headers came (OpenRouter
 * answers a stream's headers at once; the server's settings, its stream limit among them, come
 * before them): a burst of streams onto a new client shares one connection instead of opening
 * hundreds. Plain calls do not wait: their headers come only with the whole answer, and they
 * end within seconds. On HTTP/1.1 the JDK client pools a connection per exchange in flight and
 * never refuses: one client, no waiting.
 */
final class Connections {

	/** The JDK's message for a stream beyond the connection's limit, its only sign of it. */
	static final String FULL = "too many concurrent streams";

	/** At most this many clients; an exchange refused by all of them fails as OpenRouter unreachable. */
	static final int MAX_CLIENTS = 256;

	private final Supplier<HttpClient> newClient;

	private final boolean multiplexed;

	private final Duration wait;

	private final List<Client> clients = new CopyOnWriteArrayList<>();

	/**
	 * @param multiplexed whether the clients ask for HTTP/2 (one connection, many exchanges)
	 * @param wait the longest a stream waits for another to open its client's connection (the
	 * connect timeout); past it, it opens one of its own
	 */
	Connections(Supplier<HttpClient> newClient, boolean multiplexed, Duration wait) {
		this.newClient = newClient;
		this.multiplexed = multiplexed;
		this.wait = wait;
		this.clients.add(new Client(newClient.get(), multiplexed, wait));
	}

	/** One plain HTTP/1.1 client, as tests build it. */
	static Connections of(HttpClient http) {
		return new Connections(() -> http, false, Duration.ZERO);
	}

	/** The {@code index}th client, added when it is the next one; {@code null} past {@link #MAX_CLIENTS}. */
	Client client(int index) {
		if (index < this.clients.size()) {
			return this.clients.get(index);
		}
		if (index >= MAX_CLIENTS) {
			return null;
		}
		synchronized (this.clients) {
			while (this.clients.size() <= index) {
				this.clients.add(new Client(this.newClient.get(), this.multiplexed, this.wait));
			}
		}
		return this.clients.get(index);
	}

	/** Whether {@code failure} is the JDK client refusing an exchange its connection has no stream for. */
	static boolean full(Throwable failure) {
		return failure instanceof IOException && FULL.equals(failure.getMessage());
	}

	/** One JDK client and whether its (HTTP/2) connection is up. */
	static final class Client {

		private final HttpClient http;

		private final AtomicBoolean opener = new AtomicBoolean();

		private final CompletableFuture<Void> up = new CompletableFuture<>();

		private final Duration wait;

		Client(HttpClient http, boolean multiplexed, Duration wait) {
			this.http = http;
			this.wait = wait;
			if (!multiplexed) {
				this.up.complete(null);
			}
		}

		HttpClient http() {
			return this.http;
		}

		/**
		 * Whether the caller opens this client's connection: {@code true} for the first stream
		 * while it is not up (it reads its answer through {@link #signalling}, and calls
		 * {@link #opened} once its exchange ended, whatever the outcome); otherwise waits for
		 * the opener, at most the connect timeout.
		 */
		boolean claim() throws InterruptedException {
			if (this.up.isDone()) {
				return false;
			}
			if (this.opener.compareAndSet(false, true)) {
				return true;
			}
			try {
				this.up.get(this.wait.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (ExecutionException | TimeoutException notYet) {
				// the opener failed or is slow: this exchange opens a connection of its own
			}
			return false;
		}

		/** The opener's answer headers came, or its exchange ended: the waiting streams go. */
		void opened() {
			this.up.complete(null);
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

}
