package io.autorenew.openrouter;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.converter.HttpMessageConversionException;
import org.springframework.web.client.RestClientException;

/**
 * The one place that turns an OpenRouter outcome into an exception, following the error
 * codes of OpenRouter's API reference: 401 means the key is dead (renew), 402 or a 403
 * "key limit exceeded" mean money is spent (never renew), any other 403 means moderation or
 * a guardrail blocked the content, 429 means wait, 408, 524, 529 and 5xx mean try again
 * later, any other 4xx means OpenRouter refused the request itself.
 */
final class OpenRouterErrors {

	/** Wait suggested to callers when a 429 carries no hint. */
	static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

	private static final int MAX_ERROR_BODY = 8 * 1024;

	private final ObjectMapper json;

	private final Clock clock;

	public OpenRouterErrors(ObjectMapper json, Clock clock) {
		this.json = json;
		this.clock = clock;
	}

	/** Classifies an error response. Reads at most a few KiB of its body. */
	public OpenRouterException fromResponse(String operation, ClientHttpResponse response) throws IOException {
		return fromStatus(operation, response.getStatusCode().value(), response.getHeaders(),
				() -> errorBody(response::getBody));
	}

	/**
	 * Classifies an error answer by its status and headers; {@code message} reads
	 * {@code error.message} of its body, only when the status needs it.
	 */
	OpenRouterException fromStatus(String operation, int status, HttpHeaders headers, Supplier<ErrorBody> body) {
		return switch (status) {
			case 401 -> OpenRouterException.keyRejected(operation);
			case 402 -> body.get().isKeyLimit()
					? new OpenRouterException(UpstreamFailure.KEY_LIMIT, operation, status, "key limit reached")
					: new OpenRouterException(UpstreamFailure.CREDITS_EXHAUSTED, operation, status,
							"credits exhausted");
			case 403 -> forbidden(operation, body.get().message());
			case 429 -> OpenRouterException.rateLimited(operation, retryAfter(headers));
			case 408, 524, 529 -> new OpenRouterException(UpstreamFailure.UNAVAILABLE, operation, status,
					"upstream unavailable");
			default -> (status >= 500)
					? new OpenRouterException(UpstreamFailure.UNAVAILABLE, operation, status, "upstream error")
					: new OpenRouterException(UpstreamFailure.REJECTED, operation, status, "request rejected");
		};
	}

	private static OpenRouterException forbidden(String operation, String message) {
		if (isKeyLimit(message)) {
			return new OpenRouterException(UpstreamFailure.KEY_LIMIT, operation, 403, "key limit reached");
		}
		if (message != null && message.toLowerCase(java.util.Locale.ROOT).matches(".*\\bkey is disabled\\b.*")) {
			return new OpenRouterException(UpstreamFailure.KEY_DISABLED, operation, 403, "key disabled");
		}
		return new OpenRouterException(UpstreamFailure.CONTENT_BLOCKED, operation, 403, "content blocked");
	}

	/**
	 * Classifies a call that got no usable response: a timeout, a broken connection, a bad body.
	 * A body that could not be read is not kept as the cause: parser messages quote the body.
	 */
	public OpenRouterException fromFailure(String operation, RestClientException failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof HttpTimeoutException || cause instanceof SocketTimeoutException) {
				return timeout(operation, failure);
			}
			if (cause instanceof HttpMessageConversionException) {
				return new OpenRouterException(UpstreamFailure.UNAVAILABLE, operation, OpenRouterException.NO_RESPONSE,
						"unreadable answer", null);
			}
		}
		return new OpenRouterException(UpstreamFailure.UNAVAILABLE, operation, OpenRouterException.NO_RESPONSE,
				failure.getClass().getSimpleName(), failure);
	}

	/** Classifies a JDK {@code HttpClient} exchange that failed before its answer: a timeout or a broken connection. */
	OpenRouterException fromTransport(String operation, IOException failure) {
		if (failure instanceof HttpTimeoutException) {
			return timeout(operation, failure);
		}
		return new OpenRouterException(UpstreamFailure.UNAVAILABLE, operation, OpenRouterException.NO_RESPONSE,
				failure.getClass().getSimpleName(), failure);
	}

	/** A call that waited past its bound for OpenRouter's answer. */
	static OpenRouterException timeout(String operation, Throwable cause) {
		return new OpenRouterException(UpstreamFailure.TIMEOUT, operation, OpenRouterException.NO_RESPONSE, "timed out",
				cause);
	}

	/** A call whose thread was interrupted while it waited for OpenRouter; the interrupt is kept. */
	static OpenRouterException interrupted(String operation) {
		Thread.currentThread().interrupt();
		return new OpenRouterException(UpstreamFailure.UNAVAILABLE, operation, OpenRouterException.NO_RESPONSE,
				"interrupted");
	}

	/** Runs one HTTP exchange, turning transport failures into {@link OpenRouterException}s. */
	public <T> T call(String operation, Supplier<T> exchange) {
		try {
			return exchange.get();
		}
		catch (RestClientException ex) {
			throw fromFailure(operation, ex);
		}
	}

	/**
	 * How long OpenRouter asked us to wait: {@code Retry-After} (seconds or an HTTP date),
	 * else {@code X-RateLimit-Reset} (epoch milliseconds), else a short default.
	 */
	Duration retryAfter(HttpHeaders headers) {
		String retryAfter = headers.getFirst(HttpHeaders.RETRY_AFTER);
		if (retryAfter != null) {
			try {
				return atLeastOneSecond(Duration.ofSeconds(Long.parseLong(retryAfter.trim())));
			}
			catch (NumberFormatException notSeconds) {
				try {
					Instant at = ZonedDateTime.parse(retryAfter.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
					return atLeastOneSecond(Duration.between(this.clock.instant(), at));
				}
				catch (DateTimeParseException notADate) {
					return DEFAULT_RETRY_AFTER;
				}
			}
		}
		String reset = headers.getFirst("X-RateLimit-Reset");
		if (reset != null) {
			try {
				Instant at = Instant.ofEpochMilli(Long.parseLong(reset.trim()));
				return atLeastOneSecond(Duration.between(this.clock.instant(), at));
			}
			catch (NumberFormatException ex) {
				return DEFAULT_RETRY_AFTER;
			}
		}
		return DEFAULT_RETRY_AFTER;
	}

	private static Duration atLeastOneSecond(Duration wait) {
		return wait.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : wait;
	}

	private static boolean isKeyLimit(String message) {
		String text = message.toLowerCase(Locale.ROOT);
		return text.contains("limit exceeded") || text.contains("key limit");
	}

	/** {@code error.message} and {@code error.metadata.limit_source} of OpenRouter's error body. */
	ErrorBody errorBody(BodySource source) {
		try (InputStream body = source.open()) {
			byte[] bytes = body.readNBytes(MAX_ERROR_BODY);
			JsonNode error = this.json.readTree(bytes).path("error");
			JsonNode message = error.path("message");
			JsonNode limitSource = error.path("metadata").path("limit_source");
			return new ErrorBody(message.isString() ? message.asString() : "",
					limitSource.isString() ? limitSource.asString() : "");
		}
		catch (IOException | RuntimeException unreadable) {
			return new ErrorBody("", "");
		}
	}

	/** What of an error body decides its meaning; "" for what it does not say. */
	record ErrorBody(String message, String limitSource) {

		boolean isKeyLimit() {
			return "openrouter_key_limit".equals(this.limitSource) || OpenRouterErrors.isKeyLimit(this.message);
		}

	}

	/** Where an error body is read from. */
	interface BodySource {

		InputStream open() throws IOException;

	}

}
