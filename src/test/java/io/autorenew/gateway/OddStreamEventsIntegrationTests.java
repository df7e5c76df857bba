package io.autorenew.gateway;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.autorenew.support.IntegrationTest;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.SseEvent;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upstream event whose {@code type} is not a safe SSE event name (it would start another
 * SSE field) ends the stream with the API's own error event and one WARN line, instead of an
 * exception and a cut stream.
 */
class OddStreamEventsIntegrationTests extends IntegrationTest {

	private final ListAppender<ILoggingEvent> warnings = new ListAppender<>();

	private final Logger gatewayLog = (Logger) LoggerFactory.getLogger("io.autorenew");

	@BeforeEach
	void captureWarnings() {
		this.warnings.start();
		this.gatewayLog.addAppender(this.warnings);
	}

	@AfterEach
	void stopCapturing() {
		this.gatewayLog.detachAppender(this.warnings);
	}

	@Test
	void anEventTypeThatIsNotAnEventNameEndsAMessagesStreamWithAnthropicsErrorEvent() {
		stream(OpenRouterStub.MESSAGES, "event: message_start\ndata: {\"type\":\"message_start\\nevent: evil\"}\n\n");

		HttpResponse<String> answer = this.api.exchange("POST", "/v1/messages",
				Map.of("x-api-key", Tokens.user("alice"), "Content-Type", "application/json"),
				"{\"model\":\"anthropic/claude-haiku-4.5\",\"max_tokens\":10,\"stream\":true,"
						+ "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

		List<SseEvent> events = SseEvent.parse(answer.body());
		assertThat(events).extracting(SseEvent::name).containsExactly("error");
		assertThat(events.get(0).json().at("/error/code").asString()).isEqualTo("upstream_invalid");
		assertThat(events.get(0).json().at("/error/type").asString()).isEqualTo("api_error");
		assertThat(answer.body()).doesNotContain("evil");
		assertThat(oneWarning()).contains("not an event name");
	}

	@Test
	void anEventTypeThatIsNotAnEventNameEndsAResponsesStreamWithItsErrorEvent() {
		stream(OpenRouterStub.RESPONSES, "event: x\ndata: {\"type\":\"response.created\\r\\ndata: evil\"}\n\n");

		HttpResponse<String> answer = this.api.exchange("POST", "/v1/responses",
				Map.of("Authorization", "Bearer " + Tokens.user("alice"), "Content-Type", "application/json"),
				"{\"input\":\"hi\",\"stream\":true}");

		List<SseEvent> events = SseEvent.parse(answer.body());
		assertThat(events).extracting(SseEvent::name).containsExactly("error");
		assertThat(events.get(0).json().path("code").asString()).isEqualTo("upstream_invalid");
		assertThat(answer.body()).doesNotContain("evil");
		assertThat(oneWarning()).contains("not an event name");
	}

	private String oneWarning() {
		List<ILoggingEvent> warnings = this.warnings.list.stream()
			.filter((event) -> event.getLevel().isGreaterOrEqual(Level.WARN))
			.toList();
		assertThat(warnings).as("WARN lines").hasSize(1);
		assertThat(warnings.get(0).getThrowableProxy()).as("no stack trace").isNull();
		return warnings.get(0).getFormattedMessage();
	}

	private static void stream(String path, String events) {
		OpenRouterStub.stub(post(urlPathEqualTo(path)).atPriority(1)
			.withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
			.willReturn(OpenRouterStub.eventStream(events)));
	}

}
