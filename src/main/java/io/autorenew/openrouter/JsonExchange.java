package io.autorenew.openrouter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * One plain JSON exchange with OpenRouter on the JDK client, bytes out and bytes in: the
 * path a request pays for on every call, so nothing converts, wraps or observes it beyond
 * what the service reads. The read timeout bounds the whole exchange, body included; an
 * answer that is not a 2xx becomes an {@link OpenRouterException} through
 * {@link OpenRouterErrors}, and each exchange is timed as {@code http.client.requests}.
 */
final class JsonExchange {

	/** Every answer's body, gathered in memory: the JDK's handler holds no state, so one serves every call. */
	private static final HttpResponse.BodyHandler<byte[]> BYTES = HttpResponse.BodyHandlers.ofByteArray();

	private final Connections http;

	private final String base;

	private final Map<String, String> headers;

	private final ExchangeDeadlines deadlines;

	private final OpenRouterErrors errors;

	private final ClientTimers timers;

	private final KeyRefusals refusals;

	/** Each path's URI, parsed once: the paths are the service's own constants, a handful. */
	private final Map<String, URI> uris = new ConcurrentHashMap<>();

	/**
	 * @param base the API's base URL, to which each call's path is appended
	 * @param headers sent on every call (OpenRouter's attribution headers)
	 * @param deadlines bound each exchange from its start to the last byte of its answer (the
	 * read timeout)
	 * @param refusals told of a 401 to a call with a key as soon as its headers are read
	 */
	JsonExchange(Connections http, String base, Map<String, String> headers, ExchangeDeadlines deadlines,
			OpenRouterErrors errors, ClientTimers timers, KeyRefusals refusals) {
		this.http = http;
		this.base = base;
		this.headers = Map.copyOf(headers);
		this.deadlines = deadlines;
		this.errors = errors;
		this.timers = timers;
		this.refusals = refusals;
	}

	/**
	 * {@code GET path}, with {@code key}'s bearer when it is not {@code null}: a read (the
	 * key's usage, the models), whose 401 is not told to {@link KeyRefusals}; whoever reads
	 * decides what a refusal means.
	 */
	byte[] get(String operation, String path, ApiKey key) {
		return send(operation, "GET", path, key, null, Map.of(), false);
	}

	/**
	 * {@code POST path} with a JSON {@code body} and the caller's allowed {@code headers}: a
	 * call made with a user's key, whose 401 is told to {@link KeyRefusals} as soon as it is read.
	 */
	byte[] post(String operation, String path, ApiKey key, byte[] body, Map<String, String> headers) {
		return send(operation, "POST", path, key, body, headers, true);
	}

	private byte[] send(String operation, String method, String path, ApiKey key, byte[] body,
			Map<String, String> callHeaders, boolean watched) {
		URI uri = this.uris.computeIfAbsent(path, (known) -> URI.create(this.base + known));
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.header(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE)
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofByteArray(body)
					: HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE);
		}
		if (key != null) {
			request.header(HttpHeaders.AUTHORIZATION, key.bearer());
		}
		this.headers.forEach(request::header);
		callHeaders.forEach(request::header);
		long start = System.nanoTime();
		HttpResponse<byte[]> response;
		try {
			response = exchange(operation, request.build(),
					(watched && key != null) ? this.refusals.watching(key, BYTES) : BYTES);
		}
		catch (OpenRouterException ex) {
			this.timers.record(method, path, ex, System.nanoTime() - start);
			throw ex;
		}
		int status = response.statusCode();
		this.timers.record(method, path, status, System.nanoTime() - start);
		if (status < 200 || status >= 300) {
			byte[] answer = response.body();
			throw this.errors.fromStatus(operation, status, springHeaders(response),
					() -> this.errors.errorBody(() -> new ByteArrayInputStream(answer)));
		}
		return response.body();
	}

	private HttpResponse<byte[]> exchange(String operation, HttpRequest request,
			HttpResponse.BodyHandler<byte[]> body) {
		int from = 0;
		while (true) {
			Connections.Slot slot = this.http.slot(from);
			if (slot == null) {
				throw this.errors.fromTransport(operation, new IOException(Connections.FULL));
			}
			try (slot) {
				HttpResponse<byte[]> answer = exchange(operation, request, body, slot.http());
				if (answer != null) {
					// an answer came: the client's connection is up, the streams waiting for it go
					slot.client().opened();
					return answer;
				}
				// that client's connection had no stream left: it teaches the limit, the next one takes it
				this.http.refused(slot);
			}
			from = slot.next();
		}
	}

	/** The answer, or {@code null} when {@code http}'s connection refused the exchange before sending it. */
	private HttpResponse<byte[]> exchange(String operation, HttpRequest request, HttpResponse.BodyHandler<byte[]> body,
			HttpClient http) {
		CompletableFuture<HttpResponse<byte[]>> answer = http.sendAsync(request, body);
		ExchangeDeadlines.Watched watch = this.deadlines.watch(answer);
		try {
			return answer.get();
		}
		catch (CancellationException | ExecutionException ex) {
			if (watch.expired()) {
				// cancelled at its deadline: the JDK client fails the exchange as cancelled
				throw OpenRouterErrors.timeout(operation,
						new TimeoutException("no complete answer within " + this.deadlines.timeout()));
			}
			if (ex instanceof CancellationException cancelled) {
				throw cancelled;
			}
			if (Connections.full(ex.getCause())) {
				return null;
			}
			if (ex.getCause() instanceof IOException failure) {
				throw this.errors.fromTransport(operation, failure);
			}
			throw new OpenRouterException(UpstreamFailure.UNAVAILABLE, operation, OpenRouterException.NO_RESPONSE,
					ex.getCause().getClass().getSimpleName(), ex.getCause());
		}
		catch (InterruptedException ex) {
			answer.cancel(true);
			throw OpenRouterErrors.interrupted(operation);
		}
	}

	/** The answer's headers as {@link OpenRouterErrors} reads them: only error answers need them. */
	static HttpHeaders springHeaders(HttpResponse<?> response) {
		HttpHeaders headers = new HttpHeaders();
		response.headers().map().forEach(headers::addAll);
		return headers;
	}

}
