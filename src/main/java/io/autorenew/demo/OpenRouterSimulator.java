package io.autorenew.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.Assert;

/**
 * A small OpenRouter stand-in that speaks real HTTP on a loopback port: it mints, lists
 * and deletes runtime keys with a management key, and answers chat completions with a
 * deterministic analysis of the prompt. Keys stop working after a number of chat calls
 * or an amount of time, answering {@code 401 "User not found."} as OpenRouter does for
 * an expired key, so a client's key renewal can be seen at work.
 */
public final class OpenRouterSimulator implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(OpenRouterSimulator.class);

	private static final String API = "/api/v1";

	private static final int MAX_BODY = 1024 * 1024;

	private final HttpServer server;

	private final ExecutorService executor;

	private final SimulatorEndpoints endpoints;

	private final ObjectMapper json = new ObjectMapper();

	private final URI baseUrl;

	private final int expireAfterCalls;

	private final Duration expireAfter;

	private final AtomicBoolean closed = new AtomicBoolean();

	private OpenRouterSimulator(HttpServer server, String managementKey, int expireAfterCalls, Duration expireAfter,
			Clock clock) {
		this.server = server;
		this.endpoints = new SimulatorEndpoints(managementKey, new SimulatedKeys(clock, expireAfterCalls, expireAfter),
				clock);
		this.baseUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + API);
		this.expireAfterCalls = expireAfterCalls;
		this.expireAfter = expireAfter;
		CustomizableThreadFactory threads = new CustomizableThreadFactory("openrouter-simulator-");
		threads.setDaemon(true);
		this.executor = Executors.newCachedThreadPool(threads);
		server.setExecutor(this.executor);
		server.createContext("/", this::handle);
	}

	/**
	 * Starts a simulator on an ephemeral port of 127.0.0.1.
	 * @param managementKey the key that may mint, list and delete keys
	 * @param expireAfterCalls successful chat calls a key allows, 0 for no limit
	 * @param expireAfter how long a key works after it is minted, ZERO for ever
	 * @param clock the source of time for timestamps and expiry
	 */
	public static OpenRouterSimulator start(String managementKey, int expireAfterCalls, Duration expireAfter,
			Clock clock) {
		Assert.hasText(managementKey, "'managementKey' must not be empty");
		Assert.isTrue(expireAfterCalls >= 0, "'expireAfterCalls' must not be negative");
		Assert.isTrue(expireAfter != null && !expireAfter.isNegative(), "'expireAfter' must be ZERO or positive");
		Assert.notNull(clock, "'clock' must not be null");
		HttpServer server;
		try {
			server = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 }), 0),
					0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start the OpenRouter simulator", ex);
		}
		OpenRouterSimulator simulator = new OpenRouterSimulator(server, managementKey, expireAfterCalls, expireAfter,
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

	/** Stops the server and its threads. Calling it again does nothing. */
	@Override
	public void close() {
		if (this.closed.compareAndSet(false, true)) {
			this.server.stop(0);
			this.executor.shutdownNow();
			logger.info("OpenRouter simulator at {} stopped", this.baseUrl);
		}
	}

	private void handle(HttpExchange exchange) {
		try {
			SimulatorReply reply = reply(exchange);
			boolean events = reply.body() instanceof SimulatorReply.EventStream;
			byte[] body = events ? ((SimulatorReply.EventStream) reply.body()).text().getBytes(StandardCharsets.UTF_8)
					: this.json.writeValueAsBytes(reply.body());
			exchange.getResponseHeaders().set("Content-Type", events ? "text/event-stream" : "application/json");
			exchange.sendResponseHeaders(reply.status(), body.length);
			exchange.getResponseBody().write(body);
		}
		catch (IOException ex) {
			logger.debug("OpenRouter simulator could not answer {} {}: {}", exchange.getRequestMethod(),
					exchange.getRequestURI().getPath(), ex.getClass().getSimpleName());
		}
		finally {
			exchange.close();
		}
	}

	private SimulatorReply reply(HttpExchange exchange) throws IOException {
		String method = exchange.getRequestMethod();
		String path = exchange.getRequestURI().getPath();
		try {
			if (!path.startsWith(API + "/")) {
				throw SimulatorException.notFound();
			}
			String route = (path.length() > API.length() + 1 && path.endsWith("/"))
					? path.substring(API.length(), path.length() - 1) : path.substring(API.length());
			return this.endpoints.handle(method, route, exchange.getRequestHeaders().getFirst("Authorization"),
					body(exchange));
		}
		catch (SimulatorException ex) {
			logger.debug("OpenRouter simulator answered {} {} with {}", method, path, ex.status());
			return path.equals(API + "/messages") ? SimulatorReply.anthropicError(ex.status(), ex.getMessage())
					: SimulatorReply.error(ex.status(), ex.getMessage());
		}
		catch (RuntimeException ex) {
			logger.warn("OpenRouter simulator failed on {} {}: {}", method, path, ex.getClass().getName());
			return SimulatorReply.error(500, "Internal Server Error");
		}
	}

	private static byte[] body(HttpExchange exchange) throws IOException {
		try (InputStream in = exchange.getRequestBody()) {
			byte[] body = in.readNBytes(MAX_BODY + 1);
			if (body.length > MAX_BODY) {
				throw new SimulatorException(413, "Request payload too large");
			}
			return body;
		}
	}

	@Override
	public String toString() {
		return "OpenRouterSimulator[baseUrl=" + this.baseUrl + ", expireAfterCalls=" + this.expireAfterCalls
				+ ", expireAfter=" + this.expireAfter + "]";
	}

}
