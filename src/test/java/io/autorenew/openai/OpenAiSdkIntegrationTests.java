package io.autorenew.openai;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.autorenew.support.IntegrationTest;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.StoredKeys;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official {@code openai} npm package (pinned in {@code src/test/node/openai-sdk}'s lock
 * file, installed from the npm registry on first run) against the running service: a plain
 * and a streamed completion, {@code models.list()}, a completion whose key expires on the way,
 * and a bad model raising the SDK's typed error with the service's code.
 */
class OpenAiSdkIntegrationTests extends IntegrationTest {

	private static final Path SDK_TEST = Path.of("src", "test", "node", "openai-sdk");

	private static final String EXPIRED_KEY = "sk-or-v1-2222222222222222222222222222222222222222222222222222222222dead";

	@Test
	void theOpenAiNodeSdkWorksUnchanged() throws Exception {
		install();
		StoredKeys.seed("sdk-expiring", EXPIRED_KEY, "hash-sdk-expiring");
		OpenRouterStub.chatRejects(EXPIRED_KEY, 401, "User not found.");

		ProcessBuilder node = new ProcessBuilder("node", "--test", "sdk.test.mjs").directory(SDK_TEST.toFile())
			.redirectErrorStream(true);
		node.environment().put("SERVICE_BASE_URL", "http://127.0.0.1:" + this.port + "/v1");
		node.environment().put("USER_TOKEN", Tokens.user("sdk-user"));
		node.environment().put("EXPIRING_TOKEN", Tokens.user("sdk-expiring"));
		Path log = Files.createTempFile("openai-sdk", ".log");
		Process run = node.redirectOutput(log.toFile()).start();
		boolean finished = run.waitFor(120, TimeUnit.SECONDS);
		if (!finished) {
			run.destroyForcibly();
		}
		String output = Files.readString(log, StandardCharsets.UTF_8);

		assertThat(finished).as("node finished within 120 s").isTrue();
		assertThat(run.exitValue()).as(output).isZero();
		assertThat(output).contains("# pass 7").contains("# fail 0");
		assertThat(OpenRouterStub.chatBearers()).contains(EXPIRED_KEY);
	}

	/** {@code npm ci} from the lock file, once per checkout. */
	private static void install() throws IOException, InterruptedException {
		if (Files.isDirectory(SDK_TEST.resolve("node_modules").resolve("openai"))) {
			return;
		}
		Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(SDK_TEST.toFile())
			.redirectErrorStream(true)
			.redirectOutput(new File(System.getProperty("java.io.tmpdir"), "openai-sdk-npm.log"))
			.start();
		assertThat(npm.waitFor(300, TimeUnit.SECONDS)).as("npm ci finished").isTrue();
		assertThat(npm.exitValue()).as("npm ci (see openai-sdk-npm.log in the temp folder)").isZero();
	}

}
