package io.autorenew.support;

import java.util.List;
import java.util.Map;

import io.autorenew.support.SecretRegistry.Captured;
import io.autorenew.support.SecretRegistry.Finding;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link SecretScanExtension} counts as a leak, and that its log capture sees the
 * message, the arguments and every cause. Each test drains what it logged on purpose, so
 * the extension itself finds nothing afterwards.
 */
class SecretRegistryTests {

	private static final Logger logger = LoggerFactory.getLogger("io.autorenew.secretscan.selftest");

	private static final String UNKNOWN_KEY = "sk-or-v1-" + "0123456789abcdef".repeat(4);

	private static final String SEEDED_KEY = "sk-or-v1-" + "fedcba9876543210".repeat(4);

	private static final String ODD_KEY = "sk-or-v1-not-hex-but-seeded-0000000000000000000000000000000000000old9";

	@AfterEach
	void forgetWhatThisTestLoggedOnPurpose() {
		SecretLogCapture.install().drain();
		SecretRegistry.drainResponses();
	}

	@Test
	void anyWholeOpenRouterKeyIsALeakRegisteredOrNot() {
		List<Finding> findings = SecretRegistry.scan("minted " + UNKNOWN_KEY + " for alice");

		assertThat(findings).singleElement().satisfies((finding) -> {
			assertThat(finding.what()).isEqualTo("whole OpenRouter key (not registered)");
			assertThat(finding.masked()).isEqualTo("****cdef");
		});
	}

	@Test
	void aKnownKeyIsALeakEvenWithoutItsPrefix() {
		SecretRegistry.register("key seeded for a self-test", SEEDED_KEY);

		assertThat(SecretRegistry.scan("bearer " + SEEDED_KEY.substring(9))).extracting(Finding::what)
			.containsExactly("key seeded for a self-test without its sk-or-v1- prefix");
		assertThat(SecretRegistry.scan("bearer " + SEEDED_KEY)).extracting(Finding::what)
			.containsExactly("key seeded for a self-test");
	}

	@Test
	void registeredSecretsOfAnyShapeAreLeaks() {
		SecretRegistry.register("odd key seeded for a self-test", ODD_KEY);

		assertThat(SecretRegistry.scan("Authorization: Bearer " + OpenRouterStub.MANAGEMENT_KEY))
			.extracting(Finding::what)
			.containsExactly("management key");
		assertThat(SecretRegistry.scan("secret=" + Tokens.SECRET + " key=" + StoredKeys.ENCRYPTION_KEY))
			.extracting(Finding::what)
			.containsExactly("test JWT secret", "test encryption key");
		assertThat(SecretRegistry.scan(ODD_KEY)).extracting(Finding::what)
			.containsExactly("odd key seeded for a self-test");
	}

	@Test
	void maskedKeysLabelsAndHashesAreNotLeaks() {
		String hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

		assertThat(SecretRegistry.scan("renewed ****b465 (label sk-or-v1-d35...b465, hash " + hash + ")")).isEmpty();
	}

	@Test
	void redactionMasksEveryFinding() {
		String text = "old " + UNKNOWN_KEY + ", management " + OpenRouterStub.MANAGEMENT_KEY + ".";

		String redacted = SecretRegistry.redact(text, SecretRegistry.scan(text));

		assertThat(redacted).isEqualTo("old ****cdef, management ****1f3a.");
	}

	@Test
	void theLogCaptureKeepsMessageArgumentsAndEveryCause() throws InterruptedException {
		SecretLogCapture capture = SecretLogCapture.install();
		capture.drain();
		Thread other = new Thread(() -> logger.warn("renewal failed for {}", "alice", new IllegalStateException(
				"outer", new IllegalArgumentException("inner " + UNKNOWN_KEY))), "secret-selftest-thread");

		other.start();
		other.join(5000);
		List<Captured> captured = capture.drain();

		assertThat(captured).singleElement().satisfies((event) -> {
			assertThat(event.where()).contains("io.autorenew.secretscan.selftest").contains("secret-selftest-thread");
			assertThat(event.text()).contains("renewal failed for alice").contains("[argument] alice")
				.contains("java.lang.IllegalStateException: outer");
			assertThat(SecretRegistry.scan(event.text())).extracting(Finding::masked).containsExactly("****cdef");
		});
	}

	@Test
	void answersOfTheServiceAreCapturedButNotThoseOfTheOpenRouterStub() {
		SecretRegistry.drainResponses();
		SecretRegistry.openRouterAt(1);

		SecretRegistry.response(1, "POST /api/v1/keys", 201, Map.of(), "{\"key\":\"" + UNKNOWN_KEY + "\"}");
		SecretRegistry.response(2, "GET /analysis/key", 200, Map.of("X-Key", List.of(UNKNOWN_KEY)), "{}");

		assertThat(SecretRegistry.drainResponses()).singleElement().satisfies((answer) -> {
			assertThat(answer.where()).isEqualTo("response to GET /analysis/key (200)");
			assertThat(SecretRegistry.scan(answer.text())).hasSize(1);
		});
	}

}
