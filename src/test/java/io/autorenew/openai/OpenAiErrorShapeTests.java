package io.autorenew.openai;

import java.util.List;
import java.util.Map;

import io.autorenew.web.Failure;
import io.autorenew.web.ProblemWriter;
import io.autorenew.web.Problems;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** Errors under {@code /v1/} in OpenAI's shape, with the problem's code; elsewhere the problem itself. */
class OpenAiErrorShapeTests {

	private final ProblemWriter bodies = new ProblemWriter(List.of(new OpenAiErrorShape()), tools.jackson.databind.json.JsonMapper.builder().build());

	private final ProblemDetail problem = problem();

	@Test
	void underV1TheProblemBecomesOpenAisError() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/chat/completions");

		assertThat(this.bodies.contentType(request)).isEqualTo(MediaType.APPLICATION_JSON);
		assertThat(this.bodies.body(request, this.problem)).isEqualTo(Map.of("error",
				Map.of("message", "`plugins` is not accepted.", "type", "invalid_request_error", "code",
						"invalid_request", "param", "plugins")));
	}

	@Test
	void aPathThatOnlyStartsLikeV1KeepsTheProblem() {
		MockHttpServletRequest bare = new MockHttpServletRequest("GET", "/v1");
		MockHttpServletRequest longer = new MockHttpServletRequest("GET", "/v10/models");

		assertThat(this.bodies.body(bare, this.problem)).isSameAs(this.problem);
		assertThat(this.bodies.body(longer, this.problem)).isSameAs(this.problem);
		assertThat(this.bodies.contentType(longer)).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void onTheErrorPageThePathThatFailedDecides() {
		MockHttpServletRequest forwarded = new MockHttpServletRequest("GET", "/error");
		forwarded.setAttribute("jakarta.servlet.error.request_uri", "/v1/nowhere");

		assertThat(this.bodies.contentType(forwarded)).isEqualTo(MediaType.APPLICATION_JSON);
	}

	@Test
	void statusesMapToTheTypesOpenAiSdksRaise() {
		assertThat(OpenAiErrorShape.type(400)).isEqualTo("invalid_request_error");
		assertThat(OpenAiErrorShape.type(401)).isEqualTo("authentication_error");
		assertThat(OpenAiErrorShape.type(403)).isEqualTo("permission_error");
		assertThat(OpenAiErrorShape.type(404)).isEqualTo("not_found_error");
		assertThat(OpenAiErrorShape.type(429)).isEqualTo("rate_limit_error");
		assertThat(OpenAiErrorShape.type(499)).isEqualTo("invalid_request_error");
		assertThat(OpenAiErrorShape.type(500)).isEqualTo("api_error");
	}

	private static ProblemDetail problem() {
		return Problems.detail(Failure.INVALID_REQUEST.with("`plugins` is not accepted.").with(ProblemWriter.PARAM, "plugins"));
	}

}
