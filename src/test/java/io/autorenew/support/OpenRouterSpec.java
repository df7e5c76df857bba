package io.autorenew.support;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request.Method;
import com.atlassian.oai.validator.report.ValidationReport;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;

/**
 * OpenRouter's OpenAPI spec, its key-management paths loaded once per JVM on first use, from the
 * file named by the system property {@value #PROPERTY}, else the copy vendored in the test
 * resources ({@value #RESOURCE}, see the README beside it). A spec that is missing or cannot
 * be loaded fails the tests that check traffic against it: they never skip.
 */
final class OpenRouterSpec {

	static final String PROPERTY = "openrouter.openapi";

	static final String RESOURCE = "/openrouter/openapi.yaml";

	/**
	 * The paths the checks hold traffic against. The validator is built from these alone: resolving
	 * all of the spec's paths took 10 s per test JVM, these take about one.
	 */
	static final Set<String> KEY_MANAGEMENT_PATHS = Set.of("/keys", "/keys/{hash}", "/key");

	private static final Pattern SECRET = Pattern.compile("sk-or-[A-Za-z0-9_-]+|(?i:bearer)\\s+\\S+");

	private static boolean attempted;

	private static OpenApiInteractionValidator validator;

	private static String unavailable;

	private OpenRouterSpec() {
	}

	/** Why the spec cannot be used, or empty once it has loaded. Loads it if need be. */
	static synchronized Optional<String> unavailable() {
		if (!attempted) {
			attempted = true;
			load();
		}
		return Optional.ofNullable(unavailable);
	}

	/** Readable violations of one exchange; one saying why when the spec is unavailable. */
	static List<String> check(Exchange exchange) {
		if (unavailable().isPresent()) {
			return List.of("OpenRouter's OpenAPI spec is unavailable: " + unavailable().get());
		}
		List<String> found = new ArrayList<>();
		String operation = exchange.method() + " " + exchange.path();
		boolean bearer = exchange.request()
			.getHeaderValue("Authorization")
			.filter((value) -> value.startsWith("Bearer "))
			.isPresent();
		if (!bearer) {
			found.add("service request " + operation + ": validation.request.security.missing: "
					+ "no 'Authorization: Bearer' header (the spec's apiKey scheme)");
		}
		report(found, "service request " + operation, validator.validateRequest(exchange.request()));
		if (exchange.response() != null) {
			report(found, "stub answer " + exchange.status() + " to " + operation, validator
				.validateResponse(exchange.path(), Method.valueOf(exchange.method()), exchange.response()));
		}
		return found;
	}

	private static void report(List<String> found, String what, ValidationReport report) {
		report.getMessages()
			.stream()
			.filter((message) -> message.getLevel() == ValidationReport.Level.ERROR)
			.forEach((message) -> found.add(redact(what + ": " + message.getKey() + ": " + message.getMessage())));
	}

	/**
	 * The spec's URL: the file {@code configured} names, else the vendored copy.
	 * @throws IllegalStateException naming what is missing
	 */
	static String locate(String configured) {
		if (configured != null && !configured.isBlank()) {
			Path file = Path.of(configured).toAbsolutePath().normalize();
			if (!Files.isReadable(file)) {
				throw new IllegalStateException("OpenRouter's OpenAPI spec is not at " + file + " (-D" + PROPERTY + ")");
			}
			return file.toUri().toString();
		}
		URL vendored = OpenRouterSpec.class.getResource(RESOURCE);
		if (vendored == null) {
			throw new IllegalStateException("the vendored spec " + RESOURCE + " is missing from the test resources");
		}
		return vendored.toString();
	}

	/** Masks anything that looks like a key or a bearer credential: {@code ****} + last four. */
	static String redact(String text) {
		Matcher secret = SECRET.matcher(text);
		StringBuilder safe = new StringBuilder();
		while (secret.find()) {
			String value = secret.group();
			String masked = (value.length() < 8) ? "****" : "****" + value.substring(value.length() - 4);
			secret.appendReplacement(safe, masked);
		}
		return secret.appendTail(safe).toString();
	}

	private static void load() {
		String spec;
		try {
			spec = locate(System.getProperty(PROPERTY));
		}
		catch (IllegalStateException missing) {
			unavailable = missing.getMessage();
			return;
		}
		long start = System.nanoTime();
		try {
			ParseOptions unresolved = new ParseOptions();
			unresolved.setResolve(false);
			OpenAPI api = new OpenAPIV3Parser().read(spec, null, unresolved);
			if (api == null || api.getPaths() == null) {
				unavailable = "OpenRouter's OpenAPI spec at " + spec + " could not be parsed";
				return;
			}
			api.getPaths().keySet().retainAll(KEY_MANAGEMENT_PATHS);
			validator = OpenApiInteractionValidator.createFor(api).build();
			System.out.printf("[openapi] Loaded %s in %.1f s on Java %s%n", spec,
					Duration.ofNanos(System.nanoTime() - start).toMillis() / 1000.0, Runtime.version().feature());
		}
		catch (RuntimeException | LinkageError ex) {
			unavailable = "OpenRouter's OpenAPI spec at " + spec + " could not be loaded: " + ex;
		}
	}

}
