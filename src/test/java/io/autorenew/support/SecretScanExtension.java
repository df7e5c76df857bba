package io.autorenew.support;

import java.util.ArrayList;
import java.util.List;

import io.autorenew.support.SecretRegistry.Captured;
import io.autorenew.support.SecretRegistry.Finding;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.AssertionFailedError;

/**
 * Secret hygiene for the whole suite, registered for every test class through JUnit's
 * extension auto-detection ({@code junit-platform.properties} and
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension}).
 * <p>
 * Everything the service logs (any logger, any thread, see {@link SecretLogCapture}) and
 * every answer a test receives through {@link Api} (headers and body, problem details
 * included) is scanned for the secrets of the {@link SecretRegistry}: the management key,
 * the test JWT secret and encryption key, every minted and seeded key, and any whole
 * OpenRouter key. A test fails when something it caused holds one; the failure names the
 * logger and thread or the request, and shows the secret masked only.
 * <p>
 * What a test does with secrets in its own code and assertions is not scanned, nor are
 * the answers of the OpenRouter stub itself (WireMock), which carry keys by design.
 * <p>
 * The log capture stays attached for the whole run, across the resets of Logback each new
 * Spring application causes ({@link SecretScanLoggingSystem}), and is drained at four points:
 * before each test (what was logged since the previous check, e.g. while the test's Spring
 * context started or a previous test's background work finished), after each test (what
 * the test caused, including applications it started itself), and before and after each
 * class.
 */
public final class SecretScanExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
		AfterAllCallback {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(SecretScanExtension.class);

	private static final int MAX_REPORTED = 20;

	private static final int EXCERPT = 160;

	static {
		SecretScanLoggingSystem.select();
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		start(context);
		check("before the tests of " + context.getDisplayName()
				+ " began (logged by a previous class's background work)");
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		start(context);
		check("before " + name(context) + " began (while its Spring context started, in @BeforeAll, "
				+ "or by a previous test's background work)");
	}

	@Override
	public void afterEach(ExtensionContext context) {
		check("during " + name(context));
	}

	@Override
	public void afterAll(ExtensionContext context) {
		check("after the tests of " + context.getDisplayName() + " (in @AfterAll, while a context closed, "
				+ "or by background work of its last test)");
	}

	/** Installs the log capture once per run; it is removed when the run ends. */
	private static void start(ExtensionContext context) {
		context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Installation.class, (key) -> new Installation(),
				Installation.class);
		SecretLogCapture.install();
	}

	private static String name(ExtensionContext context) {
		return context.getRequiredTestClass().getSimpleName() + "." + context.getDisplayName();
	}

	/** Scans what was logged and answered since the last check; fails if a secret was among it. */
	private static void check(String when) {
		List<Captured> captured = new ArrayList<>(SecretLogCapture.install().drain());
		captured.addAll(SecretRegistry.drainResponses());
		List<String> leaks = new ArrayList<>();
		int total = 0;
		int leaking = 0;
		for (Captured each : captured) {
			List<Finding> findings = SecretRegistry.scan(each.text());
			if (findings.isEmpty()) {
				continue;
			}
			total += findings.size();
			if (++leaking <= MAX_REPORTED) {
				leaks.add(report(each, findings));
			}
		}
		if (!leaks.isEmpty()) {
			StringBuilder message = new StringBuilder("Secret leaked ").append(when)
				.append(": ")
				.append(total)
				.append(" occurrence(s) in the service's logs or answers (shown masked)");
			leaks.forEach((leak) -> message.append(System.lineSeparator()).append(" - ").append(leak));
			if (leaking > MAX_REPORTED) {
				message.append(System.lineSeparator())
					.append(" - … and ")
					.append(leaking - MAX_REPORTED)
					.append(" more log events or answers");
			}
			throw new AssertionFailedError(message.toString());
		}
	}

	private static String report(Captured captured, List<Finding> findings) {
		StringBuilder line = new StringBuilder(captured.where()).append(": ");
		findings.stream()
			.map((finding) -> finding.what() + " " + finding.masked())
			.distinct()
			.forEach((what) -> line.append(what).append("; "));
		Finding first = findings.get(0);
		String redacted = SecretRegistry.redact(captured.text(), findings);
		int at = first.start();
		int from = Math.max(0, at - EXCERPT / 2);
		int to = Math.min(redacted.length(), at + first.masked().length() + EXCERPT / 2);
		return line.append("in \"")
			.append((from > 0) ? "…" : "")
			.append(redacted.substring(from, to).replace("\r", "\\r").replace("\n", "\\n"))
			.append((to < redacted.length()) ? "…" : "")
			.append('"')
			.toString();
	}

	/** Removes the log capture when the whole run is over. */
	private static final class Installation implements ExtensionContext.Store.CloseableResource {

		@Override
		public void close() {
			SecretLogCapture.uninstall();
		}

	}

}
