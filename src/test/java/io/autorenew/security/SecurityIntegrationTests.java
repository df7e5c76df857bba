package io.autorenew.security;

import io.autorenew.support.Api.Response;
import io.autorenew.support.IntegrationTest;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.test.util.ReflectionTestUtils;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Who gets in: tokens are HS256 with an expiry, the user is the token's subject. */
class SecurityIntegrationTests extends IntegrationTest {

	private static final String PROMPT = "{\"prompt\":\"hello\"}";

	@Autowired
	private FilterChainProxy filterChains;

	@Autowired
	private HttpFirewall firewall;

	@Test
	void everyFilterChainRunsBehindTheServicesFirewall() {
		// Spring Security wraps the proxy that runs the chains in another one.
		Object chains = ReflectionTestUtils.getField(this.filterChains, "springSecurityFilterChain");
		assertThat(ReflectionTestUtils.getField(chains, "firewall")).isSameAs(this.firewall);
		assertThat(this.firewall).isInstanceOf(StrictHttpFirewall.class);
	}

	@Test
	void healthIsPublic() {
		Response health = this.api.get("/actuator/health", null);

		assertThat(health.status()).isEqualTo(200);
		assertThat(health.json().path("status").asString()).isEqualTo("UP");
	}

	@Test
	void missingTokenIsUnauthorized() {
		assertUnauthorized(this.api.analyse(null, PROMPT));
		assertUnauthorized(this.api.get("/analysis/key", null));
		assertUnauthorized(this.api.get("/admin/users/alice/openrouter-key", null));
	}

	@Test
	void forgedTokenIsUnauthorized() {
		assertUnauthorized(this.api.analyse(Tokens.forged("alice"), PROMPT));
		assertUnauthorized(this.api.get("/admin/users/alice/openrouter-key", Tokens.forged("alice")));
	}

	@Test
	void expiredTokenIsUnauthorized() {
		assertUnauthorized(this.api.analyse(Tokens.expired("alice"), PROMPT));
	}

	@Test
	void tokenWithoutExpiryIsUnauthorized() {
		assertUnauthorized(this.api.analyse(Tokens.withoutExpiry("alice"), PROMPT));
	}

	@Test
	void garbageTokenIsUnauthorized() {
		assertUnauthorized(this.api.analyse("not-a-jwt", PROMPT));
	}

	@Test
	void actuatorEndpointsOtherThanHealthNeedAdmin() {
		assertThat(this.api.get("/actuator/info", Tokens.user("alice")).code()).isEqualTo("forbidden");
		assertThat(this.api.get("/actuator/info", Tokens.admin()).status()).isEqualTo(200);
	}

	@Test
	void unknownPathIsNotFoundForAuthenticatedCallers() {
		Response response = this.api.get("/nowhere", Tokens.user("alice"));

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.code()).isEqualTo("not_found");
	}

	/**
	 * Spring Security 7 serves RFC 9728 metadata without a token. Its content must be true:
	 * HS256 tokens come from no authorization server, the one scope is {@code admin}, tokens
	 * go in the header and are not bound to client certificates.
	 */
	@Test
	void protectedResourceMetadataDescribesTheServiceTruthfully() {
		Response metadata = this.api.get("/.well-known/oauth-protected-resource", null);

		assertThat(metadata.status()).isEqualTo(200);
		assertThat(metadata.json().path("resource").asString()).as("PUBLIC_BASE_URL's default")
			.isEqualTo("http://localhost:8080");
		assertThat(metadata.json().path("resource_name").asString()).isEqualTo("analysis-service");
		assertThat(metadata.json().path("scopes_supported").values()).extracting(JsonNode::asString)
			.containsExactly("admin");
		assertThat(metadata.json().path("bearer_methods_supported").values()).extracting(JsonNode::asString)
			.containsExactly("header");
		assertThat(metadata.json().has("authorization_servers")).isFalse();
		assertThat(metadata.json().has("tls_client_certificate_bound_access_tokens")).isFalse();
		assertThat(OpenRouterStub.totalRequests()).isZero();
	}

	@Test
	void theMetadataNeverReflectsTheHostHeader() {
		java.net.http.HttpResponse<String> metadata = this.api.exchange("GET", "/.well-known/oauth-protected-resource",
				java.util.Map.of("X-Forwarded-Host", "evil.example"), null);
		String raw = rawGet("/.well-known/oauth-protected-resource", "evil.example");

		assertThat(metadata.body()).doesNotContain("evil.example");
		assertThat(raw).contains("\"resource\":\"http://localhost:8080\"").doesNotContain("evil.example");
	}

	/** A GET with a {@code Host} header the JDK client would not let a test set. */
	private String rawGet(String path, String host) {
		try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream()
				.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
					.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
			return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static void assertUnauthorized(Response response) {
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.code()).isEqualTo("unauthorized");
		assertThat(response.json().path("type").asString()).isEqualTo("/problems/unauthorized");
		assertThat(response.json().path("title").asString()).isNotBlank();
		assertThat(response.json().path("detail").asString()).isNotBlank();
		assertThat(OpenRouterStub.totalRequests()).isZero();
	}

}
