package io.autorenew;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where store reads that no request waits for run: the suspension set's refresh, the budget
 * restore's reload, the rate limiter's probe of a store that failed. Never the common pool
 * (one thread on two cores): during a store outage each of these waits out
 * {@code MONGODB_TIMEOUT}, and while one was blocked there, every OpenRouter call of a cached
 * user waited for its answer as long (measured on JDK 25 with Spring's JDK HTTP client: 1 to 3 s
 * per call during a pause, where these threads give about 10 ms). Daemon threads, made as needed
 * and dropped after a minute idle.
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
