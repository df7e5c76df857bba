package io.autorenew.openrouter;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The request path's JDK clients, one connection each. Over HTTP/2 a connection carries at most
 * the server's {@code SETTINGS_MAX_CONCURRENT_STREAMS} exchanges at once (RFC 9113 recommends
 * no fewer than 100; OpenRouter's front sets its own), and the JDK client refuses one more with
 * {@code IOException("too many concurrent streams")} before sending a byte of it, instead of
 * opening another connection; nor does it tell the limit. So every exchange takes a slot on a
 * client ({@link #slot}) and gives it back when it ends, and the first refusal teaches the
 * limit: a connection is then given no more exchanges than it held when the server refused one
 * ({@link #refused}), the next client takes the rest, and a client is added when every one is
 * full. A burst of thousands of streams thus opens the connections the server's limit makes it
 * need, up front, instead of each stream finding every full connection refused in turn. A limit
 * is never taught below {@link #LEAST_LIMIT}.
 * <p>
 * The JDK client also opens a connection for every exchange that starts before its first
 * connection is up. So on HTTP/2 the first stream of a client opens its connection and the
 * other streams wait until its answer's headers came (OpenRouter answers a stream's headers at
 * once; the server's settings, its stream limit among them, come before them), or fail with it
 * when it got no answer: a burst of streams onto a new client shares one connection instead of
 * opening hundreds. Plain calls do not wait: their headers come only with the whole answer, and
 * they end within seconds. Nor does anything wait when the JDK client replaces a connection the
 * server ended (GOAWAY): the calls that start meanwhile open one each, which carries that call
 * and closes (bench/NOTES.md, "Issue 38: HTTP/2 against HTTP/1.1 over TLS"). On HTTP/1.1 the
 * JDK client pools a connection per exchange in flight and never refuses: one client, no
 * waiting, no limit.
 */
final class Connections {

	/** The JDK's message for a stream beyond the connection's limit, its only sign of it. */
	static final String FULL = "too many concurrent streams";

	/** At most this many clients; an exchange refused by all of them fails as OpenRouter unreachable. */
	static final int MAX_CLIENTS = 256;

	/**
	 * The least limit a refusal teaches: RFC 9113's recommended minimum. The JDK client may
	 * still count a stream whose body was closed, so a refusal can come with only a few
	 * exchanges in flight; that must not shrink every connection to a few streams. Below it, a
	 * server's refusals are met as they come: the exchange goes on the next client.
	 */
	static final int LEAST_LIMIT = 100;

	private final Supplier<HttpClient> newClient;

	private final boolean multiplexed;

	private final Duration wait;

	private final List<UpstreamClient> clients = new CopyOnWriteArrayList<>();

	/** Exchanges one connection is given at most: unbounded until the server refuses one. */
	private volatile int limit = Integer.MAX_VALUE;

	/**
	 * @param multiplexed whether the clients ask for HTTP/2 (one connection, many exchanges)
	 * @param wait the longest a stream waits for another to open its client's connection: the
	 * opener's own bound (connect and answer timeouts), as a stream that stopped waiting would
	 * open a connection of its own, and under a burst those feed on each other
	 */
	Connections(Supplier<HttpClient> newClient, boolean multiplexed, Duration wait) {
		this.newClient = newClient;
		this.multiplexed = multiplexed;
		this.wait = wait;
		this.clients.add(new UpstreamClient(newClient.get(), multiplexed, wait));
	}

	/** One plain HTTP/1.1 client, as tests build it. */
	static Connections of(HttpClient http) {
		return new Connections(() -> http, false, Duration.ZERO);
	}

	/**
	 * A slot on the first client, from the {@code from}th on, whose connection has room,
	 * adding a client when none has; {@code null} when {@link #MAX_CLIENTS} are full. The caller
	 * closes it once its exchange ended.
	 */
	Slot slot(int from) {
		for (int index = from; index < MAX_CLIENTS; index++) {
			UpstreamClient client = client(index);
			if (client.take(this.limit)) {
				return new Slot(client, index);
			}
		}
		return null;
	}

	/**
	 * The server refused one more exchange on {@code slot}'s connection: it allows no more than
	 * the others in flight there now (at least {@link #LEAST_LIMIT}), and every connection is
	 * given no more from now on.
	 */
	void refused(Slot slot) {
		int others = Math.max(LEAST_LIMIT, slot.client.inFlight() - 1);
		synchronized (this) {
			if (others < this.limit) {
				this.limit = others;
			}
		}
	}

	/** Exchanges one connection is given at most ({@link Integer#MAX_VALUE} until a refusal). */
	int limit() {
		return this.limit;
	}

	/** Clients made so far (one connection each). */
	int size() {
		return this.clients.size();
	}

	private UpstreamClient client(int index) {
		if (index < this.clients.size()) {
			return this.clients.get(index);
		}
		synchronized (this.clients) {
			while (this.clients.size() <= index) {
				this.clients.add(new UpstreamClient(this.newClient.get(), this.multiplexed, this.wait));
			}
		}
		return this.clients.get(index);
	}

	/** Whether {@code failure} is the JDK client refusing an exchange its connection has no stream for. */
	static boolean full(Throwable failure) {
		return failure instanceof IOException && FULL.equals(failure.getMessage());
	}

	/** One exchange's place on a client; closing it (once, and again harmlessly) gives the place back. */
	static final class Slot implements AutoCloseable {

		private final UpstreamClient client;

		private final int index;

		private final AtomicBoolean closed = new AtomicBoolean();

		Slot(UpstreamClient client, int index) {
			this.client = client;
			this.index = index;
		}

		UpstreamClient client() {
			return this.client;
		}

		HttpClient http() {
			return this.client.http();
		}

		/** The next client to try when this one's connection refused the exchange. */
		int next() {
			return this.index + 1;
		}

		/** {@code body}, giving this slot back when it is closed (a stream's end). */
		InputStream releasing(InputStream body) {
			return new FilterInputStream(body) {

				@Override
				public void close() throws IOException {
					try {
						super.close();
					}
					finally {
						Slot.this.close();
					}
				}

			};
		}

		@Override
		public void close() {
			if (this.closed.compareAndSet(false, true)) {
				this.client.release();
			}
		}

	}

}
