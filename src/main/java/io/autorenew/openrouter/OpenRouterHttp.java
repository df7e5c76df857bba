package io.autorenew.openrouter;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.MDC;

import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * Builds a {@link RestClient} for one OpenRouter API from Boot's shared builder, with that
 * API's own timeouts (chat calls are slow, key-management calls are fast), and owns the JDK
 * {@link HttpClient}s behind them: closing the context closes them and stops their threads,
 * so no HTTP worker outlives the application.
 */
final class OpenRouterHttp implements AutoCloseable {

	private static final AtomicInteger POOLS = new AtomicInteger();

	private final RestClient.Builder builder;

	private final OpenRouterProperties properties;

	private final ExecutorService executor;

	private final List<HttpClient> clients = new CopyOnWriteArrayList<>();

	private final SimpleAsyncTaskExecutor streamReaders;

	private final ScheduledExecutorService watchdog;

	private final String threadPrefix = "openrouter-http-" + POOLS.incrementAndGet() + "-";

	public OpenRouterHttp(RestClient.Builder builder, OpenRouterProperties properties) {
		this.builder = builder;
		this.properties = properties;
		this.executor = Executors.newCachedThreadPool(daemonThreads(this.threadPrefix));
		this.streamReaders = new SimpleAsyncTaskExecutor(this.threadPrefix + "stream-");
		this.streamReaders.setDaemon(true);
		// A stream waits on OpenRouter for seconds: on Java 21+ its reader is a virtual thread.
		this.streamReaders.setVirtualThreads(Runtime.version().feature() >= 21);
		this.streamReaders.setTaskDecorator(OpenRouterHttp::withLogContext);
		this.watchdog = Executors.newSingleThreadScheduledExecutor(daemonThreads(this.threadPrefix + "watchdog-"));
	}

	/** A stream's reader logs with the request's id and user hash, as the request's own thread does. */
	private static Runnable withLogContext(Runnable task) {
		Map<String, String> context = MDC.getCopyOfContextMap();
		if (context == null) {
			return task;
		}
		return () -> {
			MDC.setContextMap(context);
			try {
				task.run();
			}
			finally {
				MDC.clear();
			}
		};
	}

	/** Interrupts a stream's opening that waits too long for OpenRouter's answer. */
	ScheduledExecutorService watchdog() {
		return this.watchdog;
	}

	/** Runs the readers of chat streams, one per open stream (virtual threads on Java 21+). */
	Executor streamReaders() {
		return this.streamReaders;
	}

	/**
	 * A client with these timeouts. The read timeout bounds a whole exchange, body included
	 * (Spring cancels the exchange when it passes); {@code null} for none, as streams need:
	 * their quiet time is watched while they are relayed.
	 */
	public RestClient client(Duration connectTimeout, Duration readTimeout) {
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(connectTimeout)
			.executor(this.executor)
			.build();
		this.clients.add(http);
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
		if (readTimeout != null) {
			requests.setReadTimeout(readTimeout);
		}
		return this.builder.clone().baseUrl(this.properties.base()).requestFactory(requests).build();
	}

	@Override
	public void close() {
		for (HttpClient http : this.clients) {
			// HttpClient is AutoCloseable from Java 21; on 17 its selector ends once unreachable.
			if (http instanceof AutoCloseable closeable) {
				closeQuietly(closeable);
			}
		}
		this.clients.clear();
		this.executor.shutdownNow();
		this.streamReaders.close();
		this.watchdog.shutdownNow();
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// Closing at shutdown: nothing is waiting on these clients any more.
		}
	}

	/** Prefix of the names of the threads that run these clients' work. */
	public String threadPrefix() {
		return this.threadPrefix;
	}

	private static ThreadFactory daemonThreads(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (task) -> {
			Thread thread = new Thread(task, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
