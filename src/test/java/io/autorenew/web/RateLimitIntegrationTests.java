package io.autorenew.web;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import io.autorenew.support.Api.Response;
import io.autorenew.support.IntegrationTest;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.StoredKeys;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code RATE_LIMIT_PER_MINUTE=3}, a user's fourth call within the minute is refused with
 * 429 {@code rate_limited} before it costs anything; other users keep their own budget. Each
 * test uses fresh user ids, as buckets outlive a test and refill only with time.
 */
@TestPropertySource(properties = "RATE_LIMIT_PER_MINUTE=3")
class RateLimitIntegrationTests extends IntegrationTest {

	private static final String PROMPT = "{\"prompt\":\"hello\"}";

	@Test
	void fourthAnalysisWithinAMinuteIsRateLimited() {
		String user = freshUser();
		for (int remaining = 2; remaining >= 0; remaining--) {
			HttpResponse<String> allowed = analyse(user);
			assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
			assertThat(allowed.headers().firstValue("X-RateLimit-Remaining")).hasValue(Integer.toString(remaining));
			assertThat(allowed.headers().firstValue("X-RateLimit-Limit")).hasValue("3");
		}

		HttpResponse<String> refused = analyse(user);

		assertRateLimited(refused);
		assertThat(OpenRouterStub.chatRequests()).as("chat calls").hasSize(3);
		assertThat(OpenRouterStub.mintRequests()).as("mints").hasSize(1);
		assertThat(StoredKeys.all()).hasSize(1);
	}

	@Test
	void anotherUserIsNotAffected() {
		String greedy = freshUser();
		String other = freshUser();
		for (int i = 0; i < 3; i++) {
			assertThat(analyse(greedy).statusCode()).isEqualTo(200);
		}
		assertRateLimited(analyse(greedy));

		HttpResponse<String> response = analyse(other);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.headers().firstValue("X-RateLimit-Remaining")).hasValue("2");
		assertThat(StoredKeys.of(other)).isNotNull();
	}

	@Test
	void rateLimitedAnalysisNeitherReachesOpenRouterNorMints() {
		String user = freshUser();
		for (int i = 0; i < 3; i++) {
			Response status = this.api.get("/analysis/key", Tokens.user(user));
			assertThat(status.code()).isEqualTo("key_not_found");
		}

		assertRateLimited(analyse(user));
		assertThat(OpenRouterStub.totalRequests()).as("requests that reached OpenRouter").isZero();
		assertThat(StoredKeys.all()).as("stored keys").isEmpty();
	}

	@Test
	void rateLimitedUserStaysLimitedWithoutWaiting() {
		String user = freshUser();
		for (int i = 0; i < 3; i++) {
			analyse(user);
		}

		for (int i = 0; i < 5; i++) {
			assertRateLimited(analyse(user));
		}
		assertThat(OpenRouterStub.chatRequests()).hasSize(3);
	}

	private HttpResponse<String> analyse(String user) {
		return this.api.exchange("POST", "/analysis",
				Map.of("Authorization", "Bearer " + Tokens.user(user), "Content-Type", "application/json"), PROMPT);
	}

	private static void assertRateLimited(HttpResponse<String> response) {
		Response problem = new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
				response.headers().firstValue("Retry-After").orElse(null), response.body());
		assertThat(problem.status()).as(problem.body()).isEqualTo(429);
		assertThat(problem.code()).isEqualTo("rate_limited");
		assertThat(problem.json().path("type").asString()).isEqualTo("/problems/rate-limited");
		assertThat(problem.json().path("status").asInt()).isEqualTo(429);
		assertThat(problem.json().path("detail").asString()).isNotBlank();
		assertThat(problem.retryAfter()).as("Retry-After").isNotNull();
		assertThat(Long.parseLong(problem.retryAfter())).as("Retry-After seconds").isBetween(1L, 60L);
		assertThat(response.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
	}

	private static String freshUser() {
		return "rl-" + UUID.randomUUID();
	}

}
