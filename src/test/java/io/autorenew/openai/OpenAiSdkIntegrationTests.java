package io.autorenew.openai;

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
 * The official {@code openai} npm package (pinned in {@code src/test/node/openai-sdk}'s lock
 * file, installed from the npm registry on first run) against the running service: a plain
 * and a streamed completion, {@code models.list()}, a completion whose key expires on the way,
 * a bad model raising the SDK's typed error with the service's code, and the Responses API
 * plain, streamed, renewed and refused.
 */
class OpenAiSdkIntegrationTests extends IntegrationTest {

	private static final Path SDK_TEST = Path.of("src", "test", "node", "openai-sdk");

	private static final String EXPIRED_KEY = "sk-or-v1-2222222222222222222222222222222222222222222222222222222222dead";

	@Test
	void theOpenAiNodeSdkWorksUnchanged() throws Exception {
		StoredKeys.seed("sdk-expiring", EXPIRED_KEY, "hash-sdk-expiring");
		OpenRouterStub.chatRejects(EXPIRED_KEY, 401, "User not found.");
		OpenRouterStub.agentApisReject(EXPIRED_KEY, 401, "User not found.");

		String output = NodeSdk.test(SDK_TEST, "openai",
				Map.of("SERVICE_BASE_URL", "http://127.0.0.1:" + this.port + "/v1", "USER_TOKEN",
						Tokens.user("sdk-user"), "EXPIRING_TOKEN", Tokens.user("sdk-expiring")));

		assertThat(output).contains("# pass 12").contains("# fail 0");
		assertThat(OpenRouterStub.chatBearers()).contains(EXPIRED_KEY);
	}

}
