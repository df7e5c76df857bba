package io.autorenew.security;

import java.time.Instant;
import java.util.List;

import io.autorenew.support.IntegrationTest;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The whole service as a deployment with an identity provider runs it: {@code AUTH_JWT_ISSUER_URI}
 * points at {@link OidcIssuerStub} (served before each test) for {@code AUTH_JWT_AUDIENCE}, and
 * admin is the issuer's {@code roles} claim holding {@code analysis-operator}. HS256 tokens still
 * get in when they name {@link #HS256_ISSUER} as {@code iss} and carry the audience. One context
 * for every test of issuers.
 */
@TestPropertySource(properties = { "AUTH_JWT_AUDIENCE=" + OidcIssuerStub.AUDIENCE,
		"AUTH_JWT_ISSUER=" + IssuerIntegrationTest.HS256_ISSUER, "AUTH_ADMIN_SOURCE=issuer", "AUTH_ADMIN_CLAIM=roles",
		"AUTH_ADMIN_VALUE=" + IssuerIntegrationTest.OPERATOR_ROLE })
abstract class IssuerIntegrationTest extends IntegrationTest {

	/** {@code AUTH_JWT_ISSUER}: the {@code iss} every HS256 token must carry. */
	static final String HS256_ISSUER = "https://auth.example.test";

	/** {@code AUTH_ADMIN_VALUE}: the role of the issuer's users who are operators. */
	static final String OPERATOR_ROLE = "analysis-operator";

	@DynamicPropertySource
	static void issuer(DynamicPropertyRegistry registry) {
		OidcIssuerStub.stub();
		registry.add("AUTH_JWT_ISSUER_URI", OidcIssuerStub::uri);
	}

	@BeforeEach
	void issuerIsUp() {
		OidcIssuerStub.stub();
	}

	/** An HS256 token this deployment accepts: its issuer and audience, signed with the shared secret. */
	static String hs256(String subject, String scope) {
		return Tokens.sign(Tokens.SECRET, Tokens.claims(subject, scope, Instant.now().plusSeconds(3600))
			.issuer(HS256_ISSUER)
			.audience(OidcIssuerStub.AUDIENCE));
	}

	/** An issuer token of an operator: the configured claim holds the configured value. */
	static String operator() {
		return OidcIssuerStub.token(OidcIssuerStub.claims("ops").claim("roles", List.of(OPERATOR_ROLE)));
	}

}
