package io.autorenew.openrouter;

import java.net.http.HttpResponse;

/**
 * Told that OpenRouter refused a runtime key with a 401 as soon as the answer's headers are
 * read, on the HTTP client's thread, before the call that got the answer reads it: under a
 * burst of one user's calls the caller may wait a long turn for a carrier thread, while the
 * key's renewal can start at once (bench/NOTES.md, "Issue 38: the refusal seen at the HTTP
 * layer"). It must return at once and never throw into the exchange.
 */
@FunctionalInterface
public interface KeyRefusals {

	/** Nobody to tell. */
	KeyRefusals NONE = (key) -> {
	};

	/** OpenRouter answered 401 to a call made with {@code key}. */
	void refused(ApiKey key);

	/** {@code body}, telling these refusals when the answer to a call with {@code key} is a 401. */
	default <T> HttpResponse.BodyHandler<T> watching(ApiKey key, HttpResponse.BodyHandler<T> body) {
		return (info) -> {
			if (info.statusCode() == 401) {
				try {
					refused(key);
				}
				catch (RuntimeException ex) {
					// a renewal started early is a head start only: the caller still renews on the 401
				}
			}
			return body.apply(info);
		};
	}

}
