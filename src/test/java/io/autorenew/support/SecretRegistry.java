package io.autorenew.support;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.autorenew.openrouter.ApiKey;

/**
 * Every secret the test JVM knows of, and what the service said while a test ran, for
 * {@link SecretScanExtension} to scan. Thread-safe: the service's request threads, WireMock's
 * threads and the test thread all report here.
 * <p>
 * Known secrets: the management key, the test JWT secret and encryption key, every key the
 * {@link OpenRouterLedger} mints and every key {@link StoredKeys#seed seeded} into the store.
 * Beyond those, any whole OpenRouter key ({@code sk-or-v1-} and 64 hex digits, the format
 * OpenRouter, the ledger and the demo simulator all mint) counts as a leak, known or not. A
 * known key's 64 hex digits without the prefix count too.
 */
public final class SecretRegistry {

	/** A whole OpenRouter key, as OpenRouter, the ledger and the demo simulator mint them. */
	public static final Pattern WHOLE_KEY = Pattern.compile("sk-or-v1-[0-9a-f]{64}");

	private static final String PREFIX = "sk-or-v1-";

	private static final Pattern HEX_RUN = Pattern.compile("[0-9a-f]{64,}");

	/** Shorter values are not treated as secrets (they would match by accident). */
	private static final int SHORTEST_SECRET = 12;

	/** Secrets in OpenRouter's key format, by their 64 hex digits, with what they are. */
	private static final Map<String, String> hexKeys = new ConcurrentHashMap<>();

	/** Any other secret (or its part after {@code sk-or-v1-}), with what it is. */
	private static final Map<String, String> literals = new ConcurrentHashMap<>();

	/** Ports of servers that stand in for OpenRouter: their answers are not the service's. */
	private static final Set<Integer> openRouterPorts = ConcurrentHashMap.newKeySet();

	private static final Queue<Captured> responses = new ConcurrentLinkedQueue<>();

	static {
		register("management key", OpenRouterStub.MANAGEMENT_KEY);
		register("test JWT secret", Tokens.SECRET);
		register("test encryption key", StoredKeys.ENCRYPTION_KEY);
		register("alert webhook secret", AlertReceiver.SECRET);
	}

	private SecretRegistry() {
	}

	/** Adds a secret (a key, a signing secret) that must never appear in logs or responses. */
	public static void register(String what, String secret) {
		if (secret == null || secret.length() < SHORTEST_SECRET) {
			return;
		}
		if (WHOLE_KEY.matcher(secret).matches()) {
			hexKeys.putIfAbsent(secret.substring(PREFIX.length()), what);
			return;
		}
		literals.putIfAbsent(secret, what);
		if (secret.startsWith(PREFIX) && secret.length() - PREFIX.length() >= 16) {
			literals.putIfAbsent(secret.substring(PREFIX.length()), what + " without its sk-or-v1- prefix");
		}
	}

	/** A server at {@code port} plays OpenRouter: its answers may carry keys. */
	static void openRouterAt(int port) {
		openRouterPorts.add(port);
	}

	/** What a server answered a test's request ({@link Api} reports every answer here). */
	static void response(int port, String request, int status, Map<String, List<String>> headers, String body) {
		if (openRouterPorts.contains(port)) {
			return;
		}
		StringBuilder text = new StringBuilder();
		headers.forEach((name, values) -> values
			.forEach((value) -> text.append(name).append(": ").append(value).append('\n')));
		text.append('\n').append(body);
		responses.add(new Captured("response to " + request + " (" + status + ")", text.toString()));
	}

	/** Takes every answer reported since the last call. */
	static List<Captured> drainResponses() {
		List<Captured> drained = new ArrayList<>();
		for (Captured next = responses.poll(); next != null; next = responses.poll()) {
			drained.add(next);
		}
		return drained;
	}

	/**
	 * Every secret in {@code text}, in order and without overlaps: whole keys, known keys'
	 * hex digits, other known secrets.
	 */
	static List<Finding> scan(String text) {
		if (text == null || text.isEmpty()) {
			return List.of();
		}
		List<Finding> findings = new ArrayList<>();
		Matcher whole = WHOLE_KEY.matcher(text);
		while (whole.find()) {
			String key = whole.group();
			String known = hexKeys.get(key.substring(PREFIX.length()));
			findings.add(new Finding(whole.start(), whole.end(),
					(known != null) ? known : "whole OpenRouter key (not registered)", ApiKey.mask(key)));
		}
		Matcher run = HEX_RUN.matcher(text);
		while (run.find()) {
			for (int at = run.start(); at + 64 <= run.end(); at++) {
				String what = hexKeys.get(text.substring(at, at + 64));
				if (what != null) {
					findings.add(new Finding(at, at + 64, what + " without its sk-or-v1- prefix",
							ApiKey.mask(text.substring(at, at + 64))));
				}
			}
		}
		literals.forEach((secret, what) -> {
			for (int at = text.indexOf(secret); at >= 0; at = text.indexOf(secret, at + 1)) {
				findings.add(new Finding(at, at + secret.length(), what, ApiKey.mask(secret)));
			}
		});
		findings.sort(Comparator.comparingInt(Finding::start)
			.thenComparing(Comparator.comparingInt(Finding::end).reversed()));
		List<Finding> distinct = new ArrayList<>();
		int covered = 0;
		for (Finding finding : findings) {
			if (finding.start() >= covered) {
				distinct.add(finding);
				covered = finding.end();
			}
		}
		return distinct;
	}

	/** {@code text} with every finding of {@link #scan} replaced by its masked form. */
	static String redact(String text, List<Finding> findings) {
		StringBuilder redacted = new StringBuilder();
		int copied = 0;
		for (Finding finding : findings) {
			redacted.append(text, copied, finding.start()).append(finding.masked());
			copied = finding.end();
		}
		return redacted.append(text.substring(copied)).toString();
	}

	/** Something the service said: a log event or an HTTP answer, as text. */
	record Captured(String where, String text) {
	}

	/** A secret found at {@code [start, end)} of a text: what it is, and how it prints masked. */
	record Finding(int start, int end, String what, String masked) {
	}

}
