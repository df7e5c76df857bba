package io.autorenew.security;

import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import io.autorenew.support.IntegrationTest;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * The frontend at {@code CORS_ALLOWED_ORIGINS} ({@link IntegrationTest#FRONTEND}, set for every
 * integration test) may call the API from a browser (preflight included); other origins get no
 * CORS grant. Every answer, success, problem or refusal,
 * carries the security headers.
 */
class CorsAndHeadersIntegrationTests extends IntegrationTest {

	private static final String EVIL = "https://evil.example.com";

	private static final String PROMPT = "{\"prompt\":\"hello\"}";

	@Test
	void preflightFromTheFrontendIsAllowed() {
		HttpResponse<String> response = preflight(FRONTEND, "POST", "authorization,content-type");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(header(response, "Access-Control-Allow-Origin")).isEqualTo(FRONTEND);
		assertThat(header(response, "Access-Control-Allow-Methods")).contains("POST");
		assertThat(header(response, "Access-Control-Allow-Headers").toLowerCase()).contains("authorization")
			.contains("content-type");
		assertThat(header(response, "Access-Control-Max-Age")).isEqualTo("3600");
		assertThat(OpenRouterStub.totalRequests()).isZero();
	}

	@Test
	void preflightFromAnotherOriginGetsNoGrant() {
		assertRefusedPreflight(preflight(EVIL, "POST", "authorization,content-type"));
		assertRefusedPreflight(preflight("null", "POST", "authorization"));
		assertRefusedPreflight(preflight(FRONTEND + ".evil.example", "POST", "authorization"));
		assertRefusedPreflight(preflight("http://app.example.com", "POST", "authorization"));
	}

	@Test
	void preflightForAnotherMethodGetsNoGrant() {
		assertRefusedPreflight(preflight(FRONTEND, "PUT", "authorization"));
		assertRefusedPreflight(preflight(FRONTEND, "PATCH", "authorization"));
	}

	@Test
	void preflightForAnotherHeaderDoesNotGrantIt() {
		HttpResponse<String> response = preflight(FRONTEND, "POST", "authorization,x-user-id");

		assertThat(header(response, "Access-Control-Allow-Headers").toLowerCase()).doesNotContain("x-user-id");
		assertRefusedPreflight(preflight(FRONTEND, "POST", "x-user-id"));
	}

	@Test
	void postFromTheFrontendGetsCorsHeaders() {
		HttpResponse<String> response = post(FRONTEND, Tokens.user("alice"));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(header(response, "Access-Control-Allow-Origin")).isEqualTo(FRONTEND);
		assertThat(header(response, "Access-Control-Expose-Headers")).containsIgnoringCase("Retry-After")
			.containsIgnoringCase("X-RateLimit-Remaining");
	}

	@Test
	void problemForTheFrontendIsReadableByIt() {
		HttpResponse<String> response = post(FRONTEND, null);

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(header(response, "Access-Control-Allow-Origin")).isEqualTo(FRONTEND);
	}

	@Test
	void postFromAnotherOriginIsRefusedBeforeOpenRouter() {
		HttpResponse<String> response = post(EVIL, Tokens.user("alice"));

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		assertThat(header(response, "Content-Type")).startsWith("application/problem+json");
		assertThat(response.body()).contains("\"code\":\"cors_rejected\"");
		assertThat(OpenRouterStub.totalRequests()).isZero();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("everyKindOfAnswer")
	void everyAnswerCarriesTheSecurityHeaders(Request request) {
		HttpResponse<String> response = this.api.exchange(request.method(), request.path(), request.headers(),
				request.body());

		assertThat(response.statusCode()).as("%s: %s", request, response.body()).isEqualTo(request.status());
		assertThat(header(response, "X-Content-Type-Options")).as("%s: X-Content-Type-Options", request)
			.isEqualTo("nosniff");
		assertThat(header(response, "X-Frame-Options")).as("%s: X-Frame-Options", request).isEqualTo("DENY");
		assertThat(header(response, "Content-Security-Policy")).as("%s: Content-Security-Policy", request)
			.contains("default-src 'none'");
		assertThat(header(response, "Referrer-Policy")).as("%s: Referrer-Policy", request).isEqualTo("no-referrer");
		assertThat(header(response, "Cache-Control")).as("%s: Cache-Control", request).contains("no-store");
	}

	static Stream<Arguments> everyKindOfAnswer() {
		String user = Tokens.user("alice");
		return Stream.of(request("200 health", "GET", "/actuator/health", null, null, null, 200),
				request("200 analysis", "POST", "/analysis", user, "application/json", PROMPT, 200),
				request("200 preflight", "OPTIONS", "/analysis", null, null, null, 200),
				request("401 without a token", "POST", "/analysis", null, "application/json", PROMPT, 401),
				request("403 user on an admin path", "GET", "/admin/users/alice/openrouter-key", user, null, null, 403),
				request("404 unknown path", "GET", "/nowhere", user, null, null, 404),
				request("404 no key yet", "GET", "/analysis/key", user, null, null, 404),
				request("405 wrong method", "PUT", "/analysis", user, "application/json", PROMPT, 405),
				request("415 wrong content type", "POST", "/analysis", user, "text/plain", PROMPT, 415),
				request("400 invalid body", "POST", "/analysis", user, "application/json", "{", 400),
				// Answers written before Spring Security's header writer carry the headers too.
				request("400 refused by the firewall", "GET", "/analysis/../nowhere", user, null, null, 400),
				request("413 prompt too large", "POST", "/analysis", user, "application/json",
						"{\"prompt\":\"" + "a".repeat(100_001) + "\"}", 413),
				request("413 body over the cap", "POST", "/analysis", user, "application/json",
						"{\"prompt\":\"" + "a".repeat(1024 * 1024) + "\"}", 413));
	}

	private static Arguments request(String name, String method, String path, String token, String contentType,
			String body, int status) {
		Map<String, String> headers = new LinkedHashMap<>();
		if (token != null) {
			headers.put("Authorization", "Bearer " + token);
		}
		if (contentType != null) {
			headers.put("Content-Type", contentType);
		}
		if ("OPTIONS".equals(method)) {
			headers.putAll(Map.of("Origin", FRONTEND, "Access-Control-Request-Method", "POST"));
		}
		return Arguments.of(Named.of(name, new Request(name, method, path, headers, body, status)));
	}

	private HttpResponse<String> preflight(String origin, String method, String headers) {
		return this.api.exchange("OPTIONS", "/analysis", Map.of("Origin", origin, "Access-Control-Request-Method",
				method, "Access-Control-Request-Headers", headers), null);
	}

	@Test
	void aRefusedOriginUnderTheAgentApisGetsTheirErrorShape() {
		Map<String, String> headers = Map.of("Origin", EVIL, "Content-Type", "application/json", "Authorization",
				"Bearer " + Tokens.user("alice"));

		HttpResponse<String> openAi = this.api.exchange("POST", "/v1/chat/completions", headers, "{}");
		HttpResponse<String> anthropic = this.api.exchange("POST", "/v1/messages", headers, "{}");

		assertThat(openAi.statusCode()).isEqualTo(403);
		assertThat(header(openAi, "Content-Type")).startsWith("application/json");
		assertThat(openAi.body()).contains("\"error\":{").contains("\"code\":\"cors_rejected\"");
		assertThat(anthropic.statusCode()).isEqualTo(403);
		assertThat(anthropic.body()).startsWith("{\"type\":\"error\"").contains("\"permission_error\"")
			.contains("\"code\":\"cors_rejected\"");
		assertThat(OpenRouterStub.chatRequests()).isEmpty();
	}

	private HttpResponse<String> post(String origin, String token) {
		Map<String, String> headers = new LinkedHashMap<>(Map.of("Origin", origin, "Content-Type", "application/json"));
		if (token != null) {
			headers.put("Authorization", "Bearer " + token);
		}
		return this.api.exchange("POST", "/analysis", headers, PROMPT);
	}

	private static void assertRefusedPreflight(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("\"code\":\"cors_rejected\"");
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		assertThat(OpenRouterStub.totalRequests()).isZero();
	}

	private static String header(HttpResponse<String> response, String name) {
		HttpHeaders headers = response.headers();
		return headers.firstValue(name).orElse("");
	}

	/** One request of the security-headers table. */
	record Request(String name, String method, String path, Map<String, String> headers, String body, int status) {

		@Override
		public String toString() {
			return this.name;
		}

	}

}
