package io.autorenew.openrouter;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/** One vocabulary: each failure's answer, its stream event, and what the call does next. */
class UpstreamFailureTests {

	@ParameterizedTest
	@CsvSource({ "401, KEY_REJECTED", "402, CREDITS_EXHAUSTED", "403, CONTENT_BLOCKED", "407, UNAVAILABLE",
			"408, TIMEOUT", "429, RATE_LIMITED", "500, UNAVAILABLE", "503, UNAVAILABLE", "504, TIMEOUT",
			"524, TIMEOUT", "0, UNAVAILABLE" })
	void anErrorInsideAStreamIsReadByItsStatus(int status, UpstreamFailure failure) {
		assertThat(UpstreamFailure.inStream(status)).isEqualTo(failure);
	}

	@Test
	void onlyAnswersThatMayChangeAreTriedAgainAndOnlyARejectedOrDisabledKeyIsRenewed() {
		assertThat(UpstreamFailure.values()).filteredOn(UpstreamFailure::retry)
			.containsExactlyInAnyOrder(UpstreamFailure.RATE_LIMITED, UpstreamFailure.UNAVAILABLE, UpstreamFailure.TIMEOUT);
		assertThat(UpstreamFailure.values()).filteredOn(UpstreamFailure::renew)
			.containsExactly(UpstreamFailure.KEY_REJECTED, UpstreamFailure.KEY_DISABLED);
	}

	@ParameterizedTest
	@EnumSource(UpstreamFailure.class)
	void everyFailureIsAnErrorAnswerWithAStableCode(UpstreamFailure failure) {
		assertThat(failure.status().isError()).isTrue();
		assertThat(failure.code()).matches("[a-z_]+");
		assertThat(failure.detail(418)).isNotBlank();
		assertThat(failure.streamDetail()).isNotBlank();
	}

	@Test
	void theExceptionAnswersWithItsFailuresProblem() {
		OpenRouterException rejected = new OpenRouterException(UpstreamFailure.REJECTED, "chat completion", 404,
				"request rejected");
		OpenRouterException limited = OpenRouterException.rateLimited("chat completion", Duration.ofSeconds(9));

		assertThat(rejected.problemStatus()).isEqualTo(HttpStatus.BAD_GATEWAY);
		assertThat(rejected.problemCode()).isEqualTo("upstream_rejected");
		assertThat(rejected.problemDetail()).isEqualTo("OpenRouter refused the request (status 404).");
		assertThat(rejected.retryAfter()).isNull();
		assertThat(rejected.warns()).isTrue();
		assertThat(limited.problemStatus()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(9));
		assertThat(limited.warns()).isFalse();
	}

}
