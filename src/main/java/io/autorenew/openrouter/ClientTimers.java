package io.autorenew.openrouter;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Times the exchanges that go around Spring's {@code RestClient} as {@code http.client.requests},
 * with the tags Spring's own observation gives the rest, so dashboards see every call to
 * OpenRouter in one family. Each tag set's timer is built once and then looked up.
 */
final class ClientTimers {

	private static final String NONE = "none";

	private final MeterRegistry registry;

	private final String clientName;

	private final Map<String, Timer> timers = new ConcurrentHashMap<>();

	ClientTimers(MeterRegistry registry, String clientName) {
		this.registry = registry;
		this.clientName = clientName;
	}

	/** An exchange that got an answer with {@code status}. */
	void record(String method, String uri, int status, long nanos) {
		timer(method, uri, Integer.toString(status), outcome(status), NONE).record(nanos, TimeUnit.NANOSECONDS);
	}

	/** An exchange that got no answer. */
	void record(String method, String uri, OpenRouterException failure, long nanos) {
		String exception = (failure.getCause() != null) ? failure.getCause().getClass().getSimpleName()
				: failure.getClass().getSimpleName();
		timer(method, uri, "CLIENT_ERROR", "UNKNOWN", exception).record(nanos, TimeUnit.NANOSECONDS);
	}

	private Timer timer(String method, String uri, String status, String outcome, String exception) {
		String id = method + ' ' + uri + ' ' + status + ' ' + exception;
		Timer timer = this.timers.get(id);
		if (timer == null) {
			timer = this.timers.computeIfAbsent(id, (key) -> Timer.builder("http.client.requests")
				.tag("client.name", this.clientName)
				.tag("method", method)
				.tag("uri", uri)
				.tag("status", status)
				.tag("outcome", outcome)
				.tag("exception", exception)
				.tag("error", exception)
				.register(this.registry));
		}
		return timer;
	}

	private static String outcome(int status) {
		if (status >= 200 && status < 300) {
			return "SUCCESS";
		}
		if (status >= 300 && status < 400) {
			return "REDIRECTION";
		}
		if (status >= 400 && status < 500) {
			return "CLIENT_ERROR";
		}
		return (status >= 500 && status < 600) ? "SERVER_ERROR" : "UNKNOWN";
	}

}
