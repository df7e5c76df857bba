package io.autorenew.security;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.cors.CorsConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CORS rule as {@code CORS_ALLOWED_ORIGINS} sets it, a boundary pair: none by default, so
 * every origin is refused (the rule is still registered, so the refusal is the documented 403
 * {@code cors_rejected}, see {@code CorsAndHeadersIntegrationTests}); the listed ones allowed.
 */
class CorsConfigurationTests {

	@Test
	void withNoAllowedOriginsEveryOriginIsRefused() {
		CorsConfiguration cors = rule(List.of());

		assertThat(cors).as("registered, so a cross-origin request is checked, not let through").isNotNull();
		assertThat(cors.checkOrigin("https://any.example")).isNull();
		assertThat(cors.checkOrigin("http://localhost:3000")).isNull();
	}

	@Test
	void aListedOriginIsAllowedAndNothingElse() {
		CorsConfiguration cors = rule(List.of(" https://app.example.com ", ""));

		assertThat(cors.checkOrigin("https://app.example.com")).isEqualTo("https://app.example.com");
		assertThat(cors.checkOrigin("https://app.example.com.evil.example")).isNull();
	}

	private static CorsConfiguration rule(List<String> origins) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/analysis");
		request.addHeader("Origin", "https://any.example");
		return SecurityConfiguration.corsConfiguration(new CorsProperties(origins, Duration.ofHours(1)))
			.getCorsConfiguration(request);
	}

}
