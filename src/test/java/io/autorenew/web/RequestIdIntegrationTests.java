package io.autorenew.web;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import io.autorenew.support.IntegrationTest;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every answer carries {@code X-Request-Id}: the caller's when it is well formed, else one
 * the service made; every problem repeats it as {@code requestId}, and the request's log
 * lines carry it.
 */
@ExtendWith(OutputCaptureExtension.class)
class RequestIdIntegrationTests extends IntegrationTest {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

	@Test
	void answersAWellFormedCallerIdAsItCame() {
		HttpResponse<String> answer = exchange("GET", "/analysis/key", Tokens.user("alice"), "trace-42.a:b_c");

		assertThat(answer.headers().firstValue(RequestIds.HEADER)).hasValue("trace-42.a:b_c");
		assertThat(json(answer).path("requestId").asString()).isEqualTo("trace-42.a:b_c");
	}

	@Test
	void makesAnIdWhenTheCallerSendsNone() {
		HttpResponse<String> answer = exchange("GET", "/analysis/key", Tokens.user("alice"), null);

		assertThat(answer.headers().firstValue(RequestIds.HEADER)).hasValueSatisfying((id) -> assertThat(id).matches(UUID));
		assertThat(json(answer).path("requestId").asString())
			.isEqualTo(answer.headers().firstValue(RequestIds.HEADER).orElseThrow());
	}

	@Test
	void replacesAnIdOfTheLongestWellFormedLengthPlusOne() {
		String longest = "a".repeat(128);
		assertThat(exchange("GET", "/analysis/key", Tokens.user("alice"), longest).headers()
			.firstValue(RequestIds.HEADER)).hasValue(longest);
		assertThat(exchange("GET", "/analysis/key", Tokens.user("alice"), longest + "a").headers()
			.firstValue(RequestIds.HEADER)).hasValueSatisfying((id) -> assertThat(id).matches(UUID));
	}

	@Test
	void replacesAnIdWithCharactersALogCouldMisread() {
		HttpResponse<String> answer = exchange("GET", "/analysis/key", Tokens.user("alice"), "x\" y=1");

		assertThat(answer.headers().firstValue(RequestIds.HEADER)).hasValueSatisfying((id) -> assertThat(id).matches(UUID));
	}

	@Test
	void problemsFromSecurityAndFromTheRequestSizeCapCarryTheId() {
		HttpResponse<String> unauthorized = exchange("GET", "/analysis/key", null, "req-401");
		HttpResponse<String> notFound = exchange("GET", "/nowhere", Tokens.user("alice"), "req-404");

		assertThat(unauthorized.statusCode()).isEqualTo(401);
		assertThat(json(unauthorized).path("requestId").asString()).isEqualTo("req-401");
		assertThat(json(notFound).path("requestId").asString()).isEqualTo("req-404");
		assertThat(notFound.headers().firstValue(RequestIds.HEADER)).hasValue("req-404");
	}

	@Test
	void successfulAnswersCarryTheIdInTheHeaderOnly() {
		HttpResponse<String> answer = this.api.exchange("POST", "/analysis",
				Map.of("Authorization", "Bearer " + Tokens.user("alice"), "Content-Type", "application/json",
						RequestIds.HEADER, "req-ok"),
				"{\"prompt\":\"Hello\"}");

		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(answer.headers().firstValue(RequestIds.HEADER)).hasValue("req-ok");
		assertThat(json(answer).has("requestId")).isFalse();
	}

	@Test
	void theRequestsLogLinesCarryItsIdAndTheAccessLineItsOutcome(CapturedOutput output) {
		this.api.exchange("POST", "/analysis", Map.of("Authorization", "Bearer " + Tokens.user("bob"), "Content-Type",
				"application/json", RequestIds.HEADER, "req-logged"), "{\"prompt\":\"Hello\"}");

		// The answer is written with its length, so the caller may have it before the filter logs the access line.
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(output.getOut())
				.containsPattern("\\[req-logged\\] .*New key created and saved")
				.containsPattern("\\[req-logged\\] .*POST /analysis 200 ok \\d+ms user=" + RequestIds.userHash("bob")));
	}

	@Test
	void aStreamsAccessLineIsLoggedWhenItEndsWithItsIdUserAndDuration(CapturedOutput output) {
		HttpResponse<String> streamed = this.api.exchange("POST", "/analysis", Map.of("Authorization",
				"Bearer " + Tokens.user("carol"), "Content-Type", "application/json", "Accept", "text/event-stream",
				RequestIds.HEADER, "req-streamed"), "{\"prompt\":\"Hello\"}");

		assertThat(streamed.statusCode()).isEqualTo(200);
		assertThat(streamed.body()).contains("event: done");
		// relayed on a thread of its own: the line comes when the stream completes, once
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(output.getOut())
				.containsPattern("\\[req-streamed\\] .*POST /analysis 200 ok \\d+ms user=" + RequestIds.userHash("carol")));
		assertThat(output.getOut().lines().filter((line) -> line.contains("POST /analysis 200 ok")
				&& line.contains("[req-streamed]"))).hasSize(1);
	}

	private HttpResponse<String> exchange(String method, String path, String token, String requestId) {
		Map<String, String> headers = new java.util.HashMap<>();
		if (token != null) {
			headers.put("Authorization", "Bearer " + token);
		}
		if (requestId != null) {
			headers.put(RequestIds.HEADER, requestId);
		}
		return this.api.exchange(method, path, headers, null);
	}

	private static JsonNode json(HttpResponse<String> answer) {
		return JSON.readTree(answer.body());
	}

}
