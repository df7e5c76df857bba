package io.autorenew.openrouter;

import static io.autorenew.support.Upstream.failure;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.ObjectMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.client.MockClientHttpResponse;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Every OpenRouter outcome, classified once, by {@link OpenRouterErrors}. */
class OpenRouterErrorsTests {

	private static final Instant NOW = Instant.parse("2026-11-02T10:00:00Z");

	private static final String MARKER = "UPSTREAM-BODY-MARKER-7c1e";

	private final OpenRouterErrors errors = new OpenRouterErrors(new ObjectMapper(), Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void unauthorizedMeansRenew() throws IOException {
		assertThat(classify(401, "User not found.")).is(failure(UpstreamFailure.KEY_REJECTED));
	}

	@Test
	void paymentRequiredMeansCreditsExhausted() throws IOException {
		assertThat(classify(402, "Insufficient credits")).is(failure(UpstreamFailure.CREDITS_EXHAUSTED))
			.extracting(OpenRouterException::status)
			.isEqualTo(402);
	}

	@ParameterizedTest
	@ValueSource(strings = { "Key limit exceeded", "key LIMIT EXCEEDED for this key", "Your key limit is reached" })
	void forbiddenForAKeyLimitMeansTheKeyLimitIsReached(String message) throws IOException {
		assertThat(classify(403, message)).is(failure(UpstreamFailure.KEY_LIMIT))
			.extracting(OpenRouterException::status)
			.isEqualTo(403);
	}

	@Test
	void paymentRequiredFromTheKeysOwnLimitMeansTheKeyLimitIsReached() throws IOException {
		OpenRouterException keyLimit = this.errors.fromResponse("chat", response(402,
				"{\"error\":{\"code\":402,\"message\":\"Insufficient credits\",\"metadata\":{\"limit_source\":\"openrouter_key_limit\"}}}"));
		OpenRouterException account = this.errors.fromResponse("chat", response(402,
				"{\"error\":{\"code\":402,\"message\":\"Insufficient credits\",\"metadata\":{\"limit_source\":\"account\"}}}"));

		assertThat(keyLimit).is(failure(UpstreamFailure.KEY_LIMIT));
		assertThat(account).is(failure(UpstreamFailure.CREDITS_EXHAUSTED));
	}

	@ParameterizedTest
	@ValueSource(strings = { "Key is disabled", "This key is DISABLED" })
	void forbiddenForADisabledKeyMeansTheKeyIsDisabled(String message) throws IOException {
		assertThat(classify(403, message)).is(failure(UpstreamFailure.KEY_DISABLED));
	}

	@ParameterizedTest
	@ValueSource(strings = { "Your input was flagged by moderation", "Blocked by guardrail", "Disabled content", "" })
	void otherForbiddenMeansContentBlocked(String message) throws IOException {
		assertThat(classify(403, message)).is(failure(UpstreamFailure.CONTENT_BLOCKED));
	}

	@Test
	void forbiddenWithoutAJsonBodyMeansContentBlocked() throws IOException {
		assertThat(this.errors.fromResponse("chat", response(403, "<html>Key limit exceeded</html>")))
			.is(failure(UpstreamFailure.CONTENT_BLOCKED));
	}

	@ParameterizedTest
	@ValueSource(ints = { 400, 404, 405, 409, 413, 422 })
	void otherClientErrorsMeanRejected(int status) throws IOException {
		OpenRouterException rejected = classify(status, MARKER);

		assertThat(rejected).is(failure(UpstreamFailure.REJECTED));
		assertThat(rejected.status()).isEqualTo(status);
		assertThat(rejected.getMessage()).doesNotContain(MARKER);
	}

	@ParameterizedTest
	@ValueSource(ints = { 408, 500, 502, 503, 504, 524, 529 })
	void unavailableStatusesAreRetryable(int status) throws IOException {
		OpenRouterException unavailable = classify(status, MARKER);

		assertThat(unavailable).is(failure(UpstreamFailure.UNAVAILABLE));
		assertThat(unavailable.status()).isEqualTo(status);
		assertThat(unavailable.getMessage()).doesNotContain(MARKER);
		assertThat(ChatRetryPolicy.retryable(unavailable)).isTrue();
	}

	@Test
	void tooManyRequestsWaitsRetryAfterSeconds() throws IOException {
		assertThat(rateLimited(headers(HttpHeaders.RETRY_AFTER, "17"))).isEqualTo(Duration.ofSeconds(17));
	}

	@Test
	void tooManyRequestsWaitsUntilARetryAfterDate() throws IOException {
		String at = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(90).atOffset(ZoneOffset.UTC));

		assertThat(rateLimited(headers(HttpHeaders.RETRY_AFTER, at))).isEqualTo(Duration.ofSeconds(90));
	}

	@Test
	void tooManyRequestsWaitsUntilTheRateLimitReset() throws IOException {
		String reset = Long.toString(NOW.plusMillis(2500).toEpochMilli());

		assertThat(rateLimited(headers("X-RateLimit-Reset", reset))).isEqualTo(Duration.ofMillis(2500));
	}

	@Test
	void retryAfterWinsOverTheRateLimitReset() throws IOException {
		HttpHeaders headers = headers(HttpHeaders.RETRY_AFTER, "3");
		headers.set("X-RateLimit-Reset", Long.toString(NOW.plusSeconds(60).toEpochMilli()));

		assertThat(rateLimited(headers)).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void waitsAtLeastOneSecond() throws IOException {
		assertThat(rateLimited(headers(HttpHeaders.RETRY_AFTER, "0"))).isEqualTo(Duration.ofSeconds(1));
		assertThat(rateLimited(headers("X-RateLimit-Reset", Long.toString(NOW.minusSeconds(30).toEpochMilli()))))
			.isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void unreadableOrMissingHintsFallBackToTheDefaultWait() throws IOException {
		assertThat(rateLimited(new HttpHeaders())).isEqualTo(OpenRouterErrors.DEFAULT_RETRY_AFTER);
		assertThat(rateLimited(headers(HttpHeaders.RETRY_AFTER, "soon"))).isEqualTo(OpenRouterErrors.DEFAULT_RETRY_AFTER);
		assertThat(rateLimited(headers("X-RateLimit-Reset", "tomorrow")))
			.isEqualTo(OpenRouterErrors.DEFAULT_RETRY_AFTER);
	}

	@Test
	void timeoutsAnywhereInTheCauseChainMeanTimeout() {
		assertThat(this.errors.fromFailure("chat", new ResourceAccessException("I/O", new SocketTimeoutException())))
			.is(failure(UpstreamFailure.TIMEOUT));
		assertThat(this.errors.fromFailure("chat",
				new ResourceAccessException("I/O", new IOException(new HttpTimeoutException("request timed out")))))
			.is(failure(UpstreamFailure.TIMEOUT));
	}

	@Test
	void otherTransportFailuresMeanUnavailableWithoutAResponse() {
		OpenRouterException reset = this.errors.fromFailure("chat",
				new ResourceAccessException("I/O", new IOException("Connection reset")));
		OpenRouterException refused = this.errors.fromFailure("chat",
				new ResourceAccessException("I/O", new ConnectException("Connection refused")));
		OpenRouterException unreadable = this.errors.fromFailure("chat",
				new RestClientException("Error while extracting response"));

		assertThat(reset).is(failure(UpstreamFailure.UNAVAILABLE));
		assertThat(refused).is(failure(UpstreamFailure.UNAVAILABLE));
		assertThat(unreadable).is(failure(UpstreamFailure.UNAVAILABLE));
		assertThat(reset.status()).isEqualTo(OpenRouterException.NO_RESPONSE);
	}

	@Test
	void callTurnsTransportFailuresIntoOpenRouterExceptions() {
		assertThat(this.errors.call("chat", () -> "answer")).isEqualTo("answer");
		assertThatExceptionOfType(OpenRouterException.class).isThrownBy(() -> this.errors.call("chat", () -> {
			throw new ResourceAccessException("I/O", new IOException("Connection reset"));
		}));
	}

	private OpenRouterException classify(int status, String message) throws IOException {
		return this.errors.fromResponse("chat", response(status, "{\"error\":{\"code\":" + status
				+ ",\"message\":\"" + message + "\",\"metadata\":{\"raw\":\"" + MARKER + "\"}}}"));
	}

	private Duration rateLimited(HttpHeaders headers) throws IOException {
		MockClientHttpResponse response = response(429, "{\"error\":{\"code\":429,\"message\":\"Rate limit\"}}");
		response.getHeaders().putAll(headers);
		OpenRouterException limited = this.errors.fromResponse("chat", response);
		assertThat(limited).is(failure(UpstreamFailure.RATE_LIMITED));
		assertThat(ChatRetryPolicy.retryable(limited)).isTrue();
		return ((OpenRouterException) limited).retryAfter();
	}

	private static MockClientHttpResponse response(int status, String body) {
		return new MockClientHttpResponse(body.getBytes(StandardCharsets.UTF_8), status);
	}

	private static HttpHeaders headers(String name, String value) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(name, value);
		return headers;
	}

}
