package io.autorenew.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.RequestListener;
import com.github.tomakehurst.wiremock.http.Response;

/**
 * Checks OpenRouter key-management traffic ({@code /keys}, {@code /keys/{hash}},
 * {@code /key}) against OpenRouter's published OpenAPI spec, as a WireMock request
 * listener: every request the service sends and every answer a stub gives. Chat is skipped
 * (the validator cannot read the spec's chat schemas).
 * <p>
 * WireMock calls the listener before it sends the answer; the listener only takes a
 * snapshot and queues the check on one background thread, so the spec's slow first load
 * never delays an answer. {@link #violations()} waits for the queued checks. A violation
 * reads {@code service request POST /keys: <validator key>: <message>} for what a client
 * sent, or {@code stub answer 201 to POST /keys: …} for what the stub answered; anything
 * that looks like a key is masked.
 */
public final class OpenApiValidation implements RequestListener {

	private static final Pattern KEY_MANAGEMENT = Pattern.compile("/keys(/[^/]+)?|/key");

	private static final long WAIT_MINUTES = 3;

	private final String basePath;

	private final ExecutorService checks = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "openapi-validation");
		thread.setDaemon(true);
		return thread;
	});

	private final List<String> violations = new ArrayList<>();

	private long generation;

	/** @param basePath the spec server's path, stripped from request paths, e.g. {@code /api/v1} */
	public OpenApiValidation(String basePath) {
		this.basePath = basePath;
	}

	/** Why requests are not being checked (the spec is missing or unreadable), if so. */
	public static Optional<String> unavailable() {
		return OpenRouterSpec.unavailable();
	}

	@Override
	public void requestReceived(Request request, Response response) {
		String path = request.getUrl().replaceFirst("\\?.*", "");
		if (!path.startsWith(this.basePath)
				|| !KEY_MANAGEMENT.matcher(path.substring(this.basePath.length())).matches()) {
			return;
		}
		Exchange exchange = Exchange.of(request, response, this.basePath);
		long queuedIn = generation();
		this.checks.execute(() -> record(queuedIn, OpenRouterSpec.check(exchange)));
	}

	/**
	 * Readable violations since the last {@link #clear()}, after every queued check has run
	 * (the first check loads the spec, which takes seconds).
	 */
	public List<String> violations() {
		try {
			this.checks.submit(() -> null).get(WAIT_MINUTES, TimeUnit.MINUTES);
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("OpenAPI checks still running after " + WAIT_MINUTES + " minutes", ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		synchronized (this.violations) {
			return List.copyOf(this.violations);
		}
	}

	/** Forgets every violation, including those of checks still queued. */
	public void clear() {
		synchronized (this.violations) {
			this.generation++;
			this.violations.clear();
		}
	}

	private long generation() {
		synchronized (this.violations) {
			return this.generation;
		}
	}

	private void record(long queuedIn, List<String> found) {
		synchronized (this.violations) {
			if (queuedIn == this.generation) {
				this.violations.addAll(found);
			}
		}
	}

}
