package io.autorenew.standin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.Assert;

/**
 * The OpenRouter stand-in: it speaks OpenRouter's HTTP API on a loopback port, with no
 * network and no account. It mints, lists, reads, patches and deletes runtime keys with a
 * management key ({@code /keys}, {@code /keys/{hash}}, {@code /key}), and answers Chat
 * Completions, the Responses API and Anthropic's Messages API, plain and streamed, with a
 * deterministic analysis of the prompt and OpenRouter's {@code usage} (tokens and
 * {@code cost}); each call spends its cost on the key, which OpenRouter's key API shows. Keys
 * stop working after a number of calls or an amount of time, answering
 * {@code 401 "User not found."} as OpenRouter does for an expired key, so a client's key
 * renewal can be seen at work.
 * <p>
 * The demo runs it in process; {@link StandInMain} runs it alone (for the benchmark, or a frontend
 * built without the service). Its controls: every request is recorded ({@link #recorded()}),
 * {@link #fault} makes the coming requests fail, drop or wait, and {@link #pace} streams chat
 * answers at a set speed and notes when their caller hung up.
 */
public final class OpenRouterStandIn implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(OpenRouterStandIn.class);

	private final HttpServer server;

	private final ExecutorService executor;

	private final StandInHandler handler;

	private final URI baseUrl;

	private final int expireAfterCalls;

	private final Duration expireAfter;

	private final AtomicBoolean closed = new AtomicBoolean();

	private final SimulatedKeys keys;

	private OpenRouterStandIn(HttpServer server, String managementKey, int expireAfterCalls, Duration expireAfter,
			Clock clock) {
		this.server = server;
		this.keys = new SimulatedKeys(clock, expireAfterCalls, expireAfter);
		this.handler = new StandInHandler(new StandInEndpoints(managementKey, this.keys, clock));
		this.baseUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + StandInHandler.API);
		this.expireAfterCalls = expireAfterCalls;
		this.expireAfter = expireAfter;
		CustomizableThreadFactory threads = new CustomizableThreadFactory("openrouter-stand-in-");
		threads.setDaemon(true);
		this.executor = Executors.newCachedThreadPool(threads);
		server.setExecutor(this.executor);
		server.createContext("/", this.handler);
	}

	/**
	 * Starts a stand-in on an ephemeral port of 127.0.0.1.
	 * @param managementKey the key that may mint, list and delete keys
	 * @param expireAfterCalls successful chat calls a key allows, 0 for no limit
	 * @param expireAfter how long a key works after it is minted, ZERO for ever
	 * @param clock the source of time for timestamps and expiry
	 */
	public static OpenRouterStandIn start(String managementKey, int expireAfterCalls, Duration expireAfter,
			Clock clock) {
		return start(0, managementKey, expireAfterCalls, expireAfter, clock);
	}

	/** Starts a stand-in on {@code port} (0: any free one) of 127.0.0.1; see {@link #start(String, int, Duration, Clock)}. */
	public static OpenRouterStandIn start(int port, String managementKey, int expireAfterCalls, Duration expireAfter,
			Clock clock) {
		Assert.hasText(managementKey, "'managementKey' must not be empty");
		Assert.isTrue(expireAfterCalls >= 0, "'expireAfterCalls' must not be negative");
		Assert.isTrue(expireAfter != null && !expireAfter.isNegative(), "'expireAfter' must be ZERO or positive");
		Assert.notNull(clock, "'clock' must not be null");
		HttpServer server;
		try {
			server = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 }), port),
					0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start the OpenRouter stand-in", ex);
		}
		OpenRouterStandIn simulator = new OpenRouterStandIn(server, managementKey, expireAfterCalls, expireAfter,
				clock);
		server.start();
		return simulator;
	}

	/** {@code http://127.0.0.1:<port>/api/v1}, the base URL of OpenRouter's API. */
	public URI baseUrl() {
		return this.baseUrl;
	}

	/** Successful chat calls a key allows, 0 for no limit. */
	public int expireAfterCalls() {
		return this.expireAfterCalls;
	}

	/** How long a key works after it is minted, ZERO for ever. */
	public Duration expireAfter() {
		return this.expireAfter;
	}

	/** The coming requests meet these faults, one each, in order; the requests after them are answered as usual. */
	public void fault(Fault... coming) {
		this.handler.fault(List.of(coming));
	}

	/**
	 * From now on, chat streams write {@code chunks} chunks, one every {@code every}, then go
	 * quiet, sending only OpenRouter's processing comment (until their caller hangs up, or a
	 * minute); with no chunks, streams on every API just open and stay quiet. {@link #reset()}
	 * ends it.
	 * @return what becomes of the paced streams
	 */
	public StreamPace pace(int chunks, Duration every) {
		StreamPace pace = new StreamPace(chunks, every);
		this.handler.pace(pace);
		return pace;
	}

	/** Every request received since the start or the last {@link #reset()}, oldest first (at most 1,000). */
	public List<Recorded> recorded() {
		return this.handler.recorded();
	}

	/**
	 * From now on, every mint is recorded and creates its key at once, and is answered
	 * {@code delay} later: a slow key API, so that the mints of a burst overlap, or, past the
	 * caller's read timeout, a mint whose answer is lost while its key lives on. {@link #reset()}
	 * ends it.
	 */
	public void mintDelay(Duration delay) {
		Assert.isTrue(delay != null && !delay.isNegative(), "'delay' must be ZERO or positive");
		this.handler.mintDelay(delay);
	}

	/**
	 * The key stops authenticating now, as one revoked or past its expiry elsewhere: chat and
	 * {@code GET /key} answer 401 {@code User not found.}; it stays listed.
	 * @throws IllegalArgumentException if no key has this hash
	 */
	public void expire(String hash) {
		key(hash).expireNow();
	}

	/**
	 * What OpenRouter reports the key has spent, in USD ({@code usage} and its daily, weekly and
	 * monthly figures, and {@code limit_remaining}); the calls after this add to it.
	 * @throws IllegalArgumentException if no key has this hash
	 */
	public void setUsage(String hash, double usd) {
		Assert.isTrue(usd >= 0, "'usd' must not be negative");
		key(hash).setSpent(usd);
	}

	/**
	 * When the key was created, as {@code GET /keys} reports it: an old key for a test of what
	 * is old enough to clean up.
	 * @throws IllegalArgumentException if no key has this hash
	 */
	public void setCreatedAt(String hash, Instant createdAt) {
		Assert.notNull(createdAt, "'createdAt' must not be null");
		key(hash).setCreatedAt(createdAt);
	}

	private SimulatedKey key(String hash) {
		return this.keys.findByHash(hash)
			.orElseThrow(() -> new IllegalArgumentException("The stand-in holds no key with hash " + hash));
	}

	/** Forgets the recorded requests, the faults not yet met, the pace and the mint delay. Keys stay. */
	public void reset() {
		this.handler.reset();
	}

	/** Stops the server and its threads. Calling it again does nothing. */
	@Override
	public void close() {
		if (this.closed.compareAndSet(false, true)) {
			this.server.stop(0);
			this.executor.shutdownNow();
			logger.info("OpenRouter stand-in at {} stopped", this.baseUrl);
		}
	}

	@Override
	public String toString() {
		return "OpenRouterStandIn[baseUrl=" + this.baseUrl + ", expireAfterCalls=" + this.expireAfterCalls
				+ ", expireAfter=" + this.expireAfter + "]";
	}

}
