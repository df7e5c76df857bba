package io.autorenew.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who is admin, decided on verified tokens (the decoding itself is {@link TokenDecoderTests}'
 * and the issuer deployments' integration tests): only the configured claim holding the
 * configured value, and only on a token of the configured source. By default that source is
 * HS256, also where an issuer is configured.
 */
class TokenAuthenticationConverterTests {

	private static final String ISSUER = "https://id.example.test/realms/main";

	private static final String SECRET = "unit-secret-0123456789-abcdefghij-ABCDEFGHIJ";

	@Test
	void byDefaultAnHs256TokenWithTheAdminScopeIsAdminAndAnIssuerTokenWithItIsNot() {
		TokenAuthenticationConverter converter = converter("hs256", "scope", "admin");

		assertThat(admin(converter, token("HS256", Map.of("scope", "openid admin")))).isTrue();
		assertThat(admin(converter, token("RS256", Map.of("scope", "openid admin")))).isFalse();
		assertThat(admin(converter, token("HS256", Map.of("scope", "openid")))).isFalse();
	}

	@Test
	void withTheIssuerAsSourceOnlyTheIssuersTokenWithTheRoleIsAdmin() {
		TokenAuthenticationConverter converter = converter("issuer", "roles", "analysis-operator");

		assertThat(admin(converter, token("RS256", Map.of("roles", List.of("analysis-operator"))))).isTrue();
		assertThat(admin(converter, token("HS256", Map.of("roles", List.of("analysis-operator"))))).isFalse();
		assertThat(admin(converter, token("RS256", Map.of("roles", List.of("analysis-viewer"))))).isFalse();
		assertThat(admin(converter, token("RS256", Map.of("roles", "analysis-operator-2")))).isFalse();
	}

	@Test
	void anIssuersUserGetsThePrefixedIdAndAnHs256UserKeepsItsSubject() {
		TokenAuthenticationConverter converter = converter("hs256", "scope", "admin");

		assertThat(converter.convert(token("RS256", Map.of())).getName())
			.isEqualTo(TokenAuthenticationConverter.issuerPrefix(ISSUER) + "alice")
			.matches("oidc-[0-9a-f]{8}:alice");
		assertThat(converter.convert(token("HS256", Map.of())).getName()).isEqualTo("alice");
	}

	private static TokenAuthenticationConverter converter(String source, String claim, String value) {
		return new TokenAuthenticationConverter(
				new AuthProperties(SECRET, "", Duration.ofHours(24), ISSUER, "api", source, claim, value, ""));
	}

	private static boolean admin(TokenAuthenticationConverter converter, Jwt token) {
		return converter.convert(token)
			.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.anyMatch(TokenAuthenticationConverter.ADMIN::equals);
	}

	private static Jwt token(String algorithm, Map<String, Object> claims) {
		Instant now = Instant.parse("2026-12-07T10:00:00Z");
		return Jwt.withTokenValue("token")
			.header("alg", algorithm)
			.subject("alice")
			.issuedAt(now)
			.expiresAt(now.plusSeconds(600))
			.claims((all) -> all.putAll(claims))
			.build();
	}

}
