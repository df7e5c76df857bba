package io.autorenew.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one writer of error answers, without a context: the status, {@code Retry-After}, the
 * content type and the body, in the shape the path speaks, and on Tomcat's error page in the
 * shape of the path that failed.
 */
class ProblemWriterTests {

	/** As the application's mapper writes problems: their properties as members of their own. */
	private final ObjectMapper json = JsonMapper.builder()
		.addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class)
		.build();

	private final ProblemWriter writer = new ProblemWriter(List.of(new Flat()), this.json);

	private final Problem problem = Failure.RATE_LIMITED.with("Too many requests; retry after the given time.")
		.retryAfter(Duration.ofMillis(2500));

	@Test
	void elsewhereTheProblemIsAnRfc9457ProblemWithItsCodeAndWait() throws Exception {
		MockHttpServletResponse response = write("/analysis");

		assertThat(response.getStatus()).isEqualTo(429);
		assertThat(response.getHeader("Retry-After")).isEqualTo("3");
		assertThat(MediaType.parseMediaType(response.getContentType())).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		JsonNode body = this.json.readTree(response.getContentAsString());
		assertThat(body.path("type").asString()).isEqualTo("/problems/rate-limited");
		assertThat(body.path("title").asString()).isEqualTo("Rate limited");
		assertThat(body.path("status").asInt()).isEqualTo(429);
		assertThat(body.path("code").asString()).isEqualTo("rate_limited");
	}

	@Test
	void underAPathAShapeServesTheSameFailureIsWrittenInItsShape() throws Exception {
		MockHttpServletResponse response = write("/flat/anything");

		assertThat(response.getStatus()).isEqualTo(429);
		assertThat(response.getHeader("Retry-After")).isEqualTo("3");
		assertThat(response.getContentType()).startsWith("application/json");
		assertThat(this.json.readTree(response.getContentAsString()).path("error").asString()).isEqualTo("rate_limited");
	}

	@Test
	void onTheErrorPageTheShapeIsThatOfThePathThatFailed() {
		MockHttpServletRequest errorPage = new MockHttpServletRequest("GET", "/error");
		errorPage.setAttribute("jakarta.servlet.error.request_uri", "/flat/chat");

		assertThat(this.writer.contentType(errorPage)).isEqualTo(MediaType.APPLICATION_JSON);
		assertThat(this.writer.render(errorPage, Problems.detail(this.problem))).isEqualTo("{\"error\":\"rate_limited\"}");
	}

	private MockHttpServletResponse write(String path) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.writer.write(new MockHttpServletRequest("GET", path), response, this.problem);
		return response;
	}

	/** A shape of its own under {@code /flat/}: the code alone. */
	private static final class Flat implements ErrorShape {

		@Override
		public boolean serves(String path) {
			return path.startsWith("/flat/");
		}

		@Override
		public MediaType contentType() {
			return MediaType.APPLICATION_JSON;
		}

		@Override
		public Object body(ProblemDetail problem) {
			return Map.of("error", problem.getProperties().get(Problems.CODE));
		}

		@Override
		public String schemaName() {
			return "Flat";
		}

		@Override
		public Schema<?> schema() {
			return new ObjectSchema();
		}

	}

}
