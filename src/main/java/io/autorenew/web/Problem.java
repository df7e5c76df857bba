package io.autorenew.web;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * One failure the service answers with: the {@link Failure} (status, code, title), a detail
 * that holds no key, prompt or upstream body, how long to wait ({@code Retry-After},
 * {@code null} for none) and any members the body carries besides the standard ones.
 *
 * @param failure what failed
 * @param detail what the caller is told
 * @param retryAfter how long the caller should wait, or {@code null}
 * @param properties further members of the body (such as {@code periodEndsAt}, {@code param})
 */
public record Problem(Failure failure, String detail, Duration retryAfter, Map<String, Object> properties) {

	public Problem {
		properties = (properties != null) ? java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties))
				: Map.of();
	}

	public HttpStatus status() {
		return this.failure.status();
	}

	public String code() {
		return this.failure.code();
	}

	public String title() {
		return this.failure.title();
	}

	/** The same problem, answered with {@code Retry-After}. */
	public Problem retryAfter(Duration wait) {
		return new Problem(this.failure, this.detail, wait, this.properties);
	}

	/** The same problem, with one more member in its body. */
	public Problem with(String name, Object value) {
		Map<String, Object> more = new LinkedHashMap<>(this.properties);
		more.put(name, value);
		return new Problem(this.failure, this.detail, this.retryAfter, more);
	}

}
