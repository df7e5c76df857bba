package io.autorenew.security;

import io.autorenew.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The whole service with {@code AUTH_JWT_ISSUER_URI} pointing at {@link OidcIssuerStub}, served before each test. */
abstract class IssuerIntegrationTest extends IntegrationTest {

	@DynamicPropertySource
	static void issuer(DynamicPropertyRegistry registry) {
		OidcIssuerStub.stub();
		registry.add("AUTH_JWT_ISSUER_URI", OidcIssuerStub::uri);
	}

	@BeforeEach
	void issuerIsUp() {
		OidcIssuerStub.stub();
	}

}
