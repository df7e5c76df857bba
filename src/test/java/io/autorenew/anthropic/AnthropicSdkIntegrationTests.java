package io.autorenew.anthropic;

import java.nio.file.Path;
import java.util.Map;

import io.autorenew.support.IntegrationTest;
import io.autorenew.support.NodeSdk;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.StoredKeys;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official {@code @anthropic-ai/sdk} npm package (pinned in
 * {@code src/test/node/anthropic-sdk}'s lock file) against the running service, with the
 * user's JWT as auth token and as API key: a plain and a streamed message, a refused model
 * raising the SDK's typed error with the service's code, and a message whose key expires on the
 * way.
 */
class AnthropicSdkIntegrationTests extends IntegrationTest {

	private static final Path SDK_TEST = Path.of("src", "test", "node", "anthropic-sdk");

	private static final String EXPIRED_KEY = "sk-or-v1-3333333333333333333333333333333333333333333333333333333333dead";

	@Test
	void theAnthropicNodeSdkWorksUnchanged() throws Exception {
		StoredKeys.seed("sdk-expiring", EXPIRED_KEY, "hash-sdk-expiring");
		OpenRouterStub.agentApisReject(EXPIRED_KEY, 401, "User not found.");

		String output = NodeSdk.test(SDK_TEST, "@anthropic-ai/sdk",
				Map.of("SERVICE_BASE_URL", "http://127.0.0.1:" + this.port, "USER_TOKEN", Tokens.user("sdk-user"),
						"EXPIRING_TOKEN", Tokens.user("sdk-expiring")));

		assertThat(output).contains("# pass 7").contains("# fail 0");
		assertThat(OpenRouterStub.requests("POST", OpenRouterStub.MESSAGES))
			.anyMatch((request) -> ("Bearer " + EXPIRED_KEY).equals(request.getHeader("Authorization")));
		assertThat(OpenRouterStub.mintRequests()).as("the expired key was renewed").isNotEmpty();
	}

}
