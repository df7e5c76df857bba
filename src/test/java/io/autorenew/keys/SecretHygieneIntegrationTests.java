package io.autorenew.keys;

import java.util.ArrayList;
import java.util.List;

import io.autorenew.support.Api.Response;
import io.autorenew.support.IntegrationTest;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.StoredKeys;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every key flow (first use, renewal after a 401, a failed retry, a forced rotation,
 * status, delete) and scans all log output and every response for whole keys.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretHygieneIntegrationTests extends IntegrationTest {

	private static final String OLD_KEY = "sk-or-v1-3333333333333333333333333333333333333333333333333333333333dddd";

	@Test
	void noWholeKeyOrManagementKeyAppearsInLogsOrResponses(CapturedOutput output) {
		List<Response> responses = new ArrayList<>();
		StoredKeys.seed("alice", OLD_KEY, "hash-old");
		OpenRouterStub.chatRejects(OLD_KEY, 401, "User not found.");

		responses.add(this.api.analyse(Tokens.user("alice"), "{\"prompt\":\"renew me\"}"));
		responses.add(this.api.analyse(Tokens.user("bob"), "{\"prompt\":\"first use\"}"));
		responses.add(this.api.get("/analysis/key", Tokens.user("alice")));
		responses.add(this.api.postEmpty("/admin/users/alice/openrouter-key", Tokens.admin()));
		responses.add(this.api.get("/admin/users/alice/openrouter-key", Tokens.admin()));
		OpenRouterStub.chatFailsFor(401, "User not found.");
		responses.add(this.api.analyse(Tokens.user("bob"), "{\"prompt\":\"fails twice\"}"));
		OpenRouterStub.mintFails(500);
		responses.add(this.api.postEmpty("/admin/users/carol/openrouter-key?create=true", Tokens.admin()));
		responses.add(this.api.delete("/admin/users/alice/openrouter-key", Tokens.admin()));

		assertThat(responses).extracting(Response::status).containsExactly(200, 200, 200, 201, 200, 502, 503, 204);
		List<String> secrets = new ArrayList<>(List.of(OLD_KEY, OpenRouterStub.MANAGEMENT_KEY));
		OpenRouterStub.minted().forEach((minted) -> secrets.add(minted.key()));
		assertThat(secrets).hasSizeGreaterThan(4);
		for (String secret : secrets) {
			assertThat(output.getAll()).as("logs").doesNotContain(secret).doesNotContain(secret.substring(9));
			responses.forEach((response) -> assertThat(response.body()).as("response").doesNotContain(secret));
		}
		assertThat(output.getAll()).contains("[Auto-Renewal] Old key expired: ****dddd")
			.contains("[Auto-Renewal] Creating new runtime key for user alice")
			.containsPattern("\\[Auto-Renewal] New key created and saved: \\*\\*\\*\\*[0-9A-Fa-f]{4}")
			.contains("[Auto-Renewal] API key was automatically renewed during this request");
	}

}
