package io.autorenew.standin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;

/**
 * How the {@link OpenRouterStandIn} answers one request: it records it, meets the next fault
 * if one is set, has {@link StandInEndpoints} answer it, and writes the answer, late if a mint
 * delay is set, paced if a {@link StreamPace} is.
 */
final class StandInHandler implements HttpHandler {

	/** The stand-in's one log category, whichever of its classes writes. */
	private static final Logger logger = LoggerFactory.getLogger(OpenRouterStandIn.class);

	static final String API = "/api/v1";

	private static final int MAX_BODY = 1024 * 1024;

	private static final int MAX_RECORDED = 1000;

	private final StandInEndpoints endpoints;

	private final ObjectMapper json = new ObjectMapper();

	private final Queue<Fault> faults = new ConcurrentLinkedQueue<>();

	private final Deque<Recorded> recorded = new ConcurrentLinkedDeque<>();

	private volatile Duration mintDelay = Duration.ZERO;

	private volatile StreamPace pace;

	StandInHandler(StandInEndpoints endpoints) {
		this.endpoints = endpoints;
	}

	void fault(List<Fault> coming) {
		this.faults.addAll(coming);
	}

	void pace(StreamPace pace) {
		this.pace = pace;
	}

	void mintDelay(Duration delay) {
		this.mintDelay = delay;
	}

	List<Recorded> recorded() {
		return List.copyOf(this.recorded);
	}

	void reset() {
		this.recorded.clear();
		this.faults.clear();
		this.pace = null;
		this.mintDelay = Duration.ZERO;
	}

	@Override
	public void handle(HttpExchange exchange) {
		try {
			Fault fault = this.faults.poll();
			if (fault instanceof Fault.Drop) {
				record(exchange, body(exchange));
				return;
			}
			if (fault instanceof Fault.Delay delay) {
				Thread.sleep(delay.duration().toMillis());
			}
			StandInReply reply = (fault instanceof Fault.Status status) ? failed(exchange, status) : reply(exchange);
			Duration mintDelay = this.mintDelay;
			if (!mintDelay.isZero() && "POST".equals(exchange.getRequestMethod())
					&& exchange.getRequestURI().getPath().equals(API + "/keys")) {
				Thread.sleep(mintDelay.toMillis());
			}
			boolean events = reply.body() instanceof StandInReply.EventStream;
			StreamPace pace = this.pace;
			if (events && pace != null
					&& (pace.quiet() || exchange.getRequestURI().getPath().equals(API + "/chat/completions"))) {
				pace.stream(exchange);
				return;
			}
			byte[] body = events ? ((StandInReply.EventStream) reply.body()).text().getBytes(StandardCharsets.UTF_8)
					: this.json.writeValueAsBytes(reply.body());
			exchange.getResponseHeaders().set("Content-Type", events ? "text/event-stream" : "application/json");
			exchange.sendResponseHeaders(reply.status(), body.length);
			exchange.getResponseBody().write(body);
		}
		catch (IOException ex) {
			logger.debug("OpenRouter stand-in could not answer {} {}: {}", exchange.getRequestMethod(),
					exchange.getRequestURI().getPath(), ex.getClass().getSimpleName());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			exchange.close();
		}
	}

	private StandInReply failed(HttpExchange exchange, Fault.Status fault) throws IOException {
		record(exchange, body(exchange));
		return exchange.getRequestURI().getPath().equals(API + "/messages")
				? StandInReply.anthropicError(fault.status(), fault.message())
				: StandInReply.error(fault.status(), fault.message());
	}

	private StandInReply reply(HttpExchange exchange) throws IOException {
		String method = exchange.getRequestMethod();
		String path = exchange.getRequestURI().getPath();
		try {
			if (!path.startsWith(API + "/")) {
				throw StandInException.notFound();
			}
			byte[] body = body(exchange);
			String route = record(exchange, body);
			return this.endpoints.handle(method, route, exchange.getRequestURI().getRawQuery(),
					exchange.getRequestHeaders().getFirst("Authorization"), body);
		}
		catch (StandInException ex) {
			logger.debug("OpenRouter stand-in answered {} {} with {}", method, path, ex.status());
			return path.equals(API + "/messages") ? StandInReply.anthropicError(ex.status(), ex.getMessage())
					: StandInReply.error(ex.status(), ex.getMessage());
		}
		catch (RuntimeException ex) {
			logger.warn("OpenRouter stand-in failed on {} {}: {}", method, path, ex.getClass().getName());
			return StandInReply.error(500, "Internal Server Error");
		}
	}

	/** Records the request; its route, the path below {@code /api/v1}. */
	private String record(HttpExchange exchange, byte[] body) {
		String path = exchange.getRequestURI().getPath();
		String route = !path.startsWith(API) ? path
				: (path.length() > API.length() + 1 && path.endsWith("/")) ? path.substring(API.length(), path.length() - 1)
						: path.substring(API.length());
		this.recorded.addLast(new Recorded(exchange.getRequestMethod(), route, new String(body, StandardCharsets.UTF_8)));
		while (this.recorded.size() > MAX_RECORDED) {
			this.recorded.pollFirst();
		}
		return route;
	}

	private static byte[] body(HttpExchange exchange) throws IOException {
		try (InputStream in = exchange.getRequestBody()) {
			byte[] body = in.readNBytes(MAX_BODY + 1);
			if (body.length > MAX_BODY) {
				throw new StandInException(413, "Request payload too large");
			}
			return body;
		}
	}

}
