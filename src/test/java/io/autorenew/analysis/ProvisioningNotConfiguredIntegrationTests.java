package io.autorenew.analysis;

import io.autorenew.support.Api.Response;
import io.autorenew.support.IntegrationTest;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.StoredKeys;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Without OPENROUTER_PROVISIONING_KEY the service runs, and says why it cannot mint. */
@TestPropertySource(properties = "OPENROUTER_PROVISIONING_KEY=")
class ProvisioningNotConfiguredIntegrationTests extends IntegrationTest {

	private static final String KEY = "sk-or-v1-2222222222222222222222222222222222222222222222222222222222cccc";

	@Test
	void userWithoutAKeyGetsProvisioningNotConfigured() {
		Response response = this.api.analyse(Tokens.user("alice"), "{\"prompt\":\"hello\"}");

		assertThat(response.status()).isEqualTo(503);
		assertThat(response.code()).isEqualTo("provisioning_not_configured");
		assertThat(response.retryAfter()).isEqualTo("30");
		assertThat(OpenRouterStub.totalRequests()).isZero();
	}

	@Test
	void userWithAStoredKeyIsNotAffected() {
		StoredKeys.seed("alice", KEY, "hash-alice");

		Response response = this.api.analyse(Tokens.user("alice"), "{\"prompt\":\"hello\"}");

		assertThat(response.status()).isEqualTo(200);
		assertThat(OpenRouterStub.chatBearers()).containsExactly(KEY);
	}

	@Test
	void adminForceProvisionGetsProvisioningNotConfigured() {
		Response response = this.api.postEmpty("/admin/users/alice/openrouter-key?create=true", Tokens.admin());

		assertThat(response.status()).isEqualTo(503);
		assertThat(response.code()).isEqualTo("provisioning_not_configured");
	}

	@Test
	void healthStaysUp() {
		assertThat(this.api.get("/actuator/health", null).status()).isEqualTo(200);
	}

}
