package io.autorenew;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where store reads that no request waits for run: the suspension set's refresh, the budget
 * restore's reload, the rate limiter's probe of a store that failed. Never the common pool:
 * during a store outage each of these waits out {@code MONGODB_TIMEOUT}, and on JDK 25 the
 * common pool also completes the HTTP client's futures, so a read blocked there held every
 * OpenRouter call of a cached user for the timeout (measured: 1 to 3 s per call during a pause,
 * where these threads give 15 ms). Daemon threads, made as needed and dropped after a minute idle.
 */
public final class StoreBackground {

	private static final AtomicInteger threads = new AtomicInteger();

	private static final ExecutorService EXECUTOR = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "store-background-" + threads.incrementAndGet());
		thread.setDaemon(true);
		return thread;
	});

	private StoreBackground() {
	}

	/** The executor, for a cache that reloads from the store. */
	public static Executor executor() {
		return EXECUTOR;
	}

	/** Runs one read off the request path; its caller makes sure only one runs at a time. */
	public static void run(Runnable read) {
		EXECUTOR.execute(read);
	}

}
