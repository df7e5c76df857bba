package io.autorenew.openrouter;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;

import io.autorenew.web.RequestIds;

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

	private final ExecutorService managementCallbacks;

	private final List<HttpClient> clients = new CopyOnWriteArrayList<>();

	private final SimpleAsyncTaskExecutor heartbeatWriters;

	private final ScheduledExecutorService ticker;

	private final String threadPrefix = "openrouter-http-" + POOLS.incrementAndGet() + "-";

	private final SSLContext tls;

	/**
	 * @param tls the TLS context of every client ({@code OPENROUTER_SSL_BUNDLE}'s), {@code null}
	 * for the JVM's default
	 */
	public OpenRouterHttp(RestClient.Builder builder, OpenRouterProperties properties, SSLContext tls) {
		this.builder = builder;
		this.properties = properties;
		this.tls = tls;
		this.managementCallbacks = Executors.newCachedThreadPool(daemonThreads(this.threadPrefix + "management-"));
		this.heartbeatWriters = new SimpleAsyncTaskExecutor(this.threadPrefix + "heartbeat-");
		this.heartbeatWriters.setDaemon(true);
		// A heartbeat lives for one small write: on Java 21+ a virtual thread.
		this.heartbeatWriters.setVirtualThreads(Runtime.version().feature() >= 21);
		// A heartbeat logs with the request's id and user hash, as the request's own thread does.
		this.heartbeatWriters.setTaskDecorator(RequestIds::carryingLogContext);
		this.ticker = Executors.newSingleThreadScheduledExecutor(daemonThreads(this.threadPrefix + "ticker-"));
	}

	/**
	 * Where the chat clients run their callbacks (each response's headers and body, each
	 * completion): on the thread that read the bytes, the client's own selector thread. Each
	 * callback only hands bytes on (a body gathered in memory, a stream's buffers queued for its
	 * relay, a waiting caller woken), so nothing blocks it. On any other executor a refusal's
	 * headers wait their turn behind every task queued there: under a burst on virtual threads,
	 * hundreds of requests' work (bench/NOTES.md, "Issue 38: the refusal seen at the HTTP
	 * layer"); the JDK's default, a cached pool of platform threads, wakes a thread for each
	 * task, about a tenth of a request's CPU ("Issue 38: hand-offs and conversions off the
	 * request path").
	 */
	private static final Executor ON_THE_SELECTOR = Runnable::run;

	/** Writes the heartbeats of quiet streams, each a short-lived task (virtual threads on Java 21+). */
	Executor heartbeatWriters() {
		return this.heartbeatWriters;
	}

	/** Watches the clock of every open stream: stalls, the longest duration, heartbeats. */
	ScheduledExecutorService ticker() {
		return this.ticker;
	}

	/** Bounds plain exchanges by {@code timeout}, body included, on this ticker. */
	ExchangeDeadlines deadlines(Duration timeout) {
		return new ExchangeDeadlines(timeout, this.ticker);
	}

	/**
	 * A key-management client with these timeouts. The read timeout bounds a whole exchange,
	 * body included (Spring cancels the exchange when it passes); {@code null} for none. Its
	 * callbacks run on platform threads: a mint is on a renewal's critical path, which runs on a
	 * platform thread so that a burst of requests on virtual threads does not delay it
	 * ({@code RenewalThreads}); virtual-thread callbacks would put it back in their queue. Nor do
	 * they run on the selector thread as the chat clients' do: Spring's request over this client
	 * then never gets its answer, and every mint times out (bench/NOTES.md, "Issue 38: the hops
	 * of an idle call"). It speaks HTTP/1.1 whatever the scheme: key calls are few and short,
	 * and a burst of first mints must not meet an HTTP/2 connection's stream limit (see
	 * {@link Connections}).
	 */
	public RestClient client(Duration connectTimeout, Duration readTimeout) {
		HttpClient http = jdkClient(connectTimeout, this.managementCallbacks, HttpClient.Version.HTTP_1_1);
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
		if (readTimeout != null) {
			requests.setReadTimeout(readTimeout);
		}
		return this.builder.clone().baseUrl(this.properties.base()).requestFactory(requests).build();
	}

	/**
	 * A JDK client, used as it is for streams: a stream's body is read as an
	 * {@code InputStream} whose {@code close()} cancels the exchange at once (Spring's
	 * response {@code close()} drains the rest of the body first).
	 */
	HttpClient jdkClient(Duration connectTimeout) {
		return jdkClient(connectTimeout, ON_THE_SELECTOR, version(this.properties));
	}

	private HttpClient jdkClient(Duration connectTimeout, Executor executor, HttpClient.Version version) {
		HttpClient.Builder http = HttpClient.newBuilder()
			.version(version)
			.connectTimeout(connectTimeout)
			.executor(executor);
		if (this.tls != null) {
			http.sslContext(this.tls);
		}
		HttpClient client = http.build();
		this.clients.add(client);
		return client;
	}

	/**
	 * HTTP/2 unless {@code OPENROUTER_HTTP2=false}, where TLS can negotiate it (ALPN), as
	 * OpenRouter does: calls and streams share a connection, and {@link Connections} opens
	 * another past its stream limit; a server that does not offer {@code h2} gets HTTP/1.1. On
	 * plain {@code http://} (a stand-in, a proxy on loopback) HTTP/1.1 alone, with no
	 * {@code Upgrade: h2c} attempt on each new connection (bench/NOTES.md, "Issue 38: open
	 * streams on HTTP/2").
	 */
	static HttpClient.Version version(OpenRouterProperties properties) {
		return (properties.http2() && "https".equalsIgnoreCase(properties.baseUrl().getScheme()))
				? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1;
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
		this.managementCallbacks.shutdownNow();
		this.heartbeatWriters.close();
		this.ticker.shutdownNow();
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
