package io.autorenew;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.context.aot.AbstractAotProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.StringUtils;

/**
 * Checks the settings a start cannot do without, all at once, before anything is built: every
 * missing, placeholder ({@code change-me}) or invalid one is listed in one block, each with how
 * to make a good value, instead of one per start. Last of the environment post-processors, so
 * it sees what the demo profile generated. The settings records still check each value as
 * they bind.
 */
final class SettingsCheck implements EnvironmentPostProcessor, Ordered {

	/** What {@code .env.example} holds where a secret goes, and other placeholders refused. */
	static final List<String> PLACEHOLDERS = List.of("change-me", "changeme", "your-key-here", "xxx", "todo");

	private static final int MIN_SECRET_BYTES = 32;

	private static final String RANDOM_32 = "`openssl rand -base64 32`";

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	/**
	 * Fails the start when a secret is missing, a placeholder or invalid, listing with it what
	 * every settings record refuses. With the secrets in order it lets the start go on: a
	 * record that refuses its value then fails it as it binds, and
	 * {@link InvalidSettingFailureAnalyzer} lists every refusal (property sources added after
	 * this point, as tests add theirs, are only seen then).
	 */
	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (Boolean.getBoolean(AbstractAotProcessor.AOT_PROCESSING)) {
			// The build's Spring AOT pass makes bean definitions, not a service: the settings are checked when it starts.
			return;
		}
		if (!secrets(environment).isEmpty()) {
			throw block(problems(environment));
		}
	}

	/** One exception listing every problem. */
	static InvalidSettingException block(List<String> problems) {
		return new InvalidSettingException("Settings are missing or invalid:\n  - " + String.join("\n  - ", problems),
				"Set each as it says (every setting: .env.example and docs/configuration.md), then start again.");
	}

	/** Every problem: the secrets', then what the settings records refuse. */
	static List<String> problems(ConfigurableEnvironment environment) {
		List<String> problems = secrets(environment);
		for (String refused : SettingsRecords.refusals(environment)) {
			if (problems.stream().noneMatch((known) -> sameVariable(known, refused))) {
				problems.add(refused);
			}
		}
		return problems;
	}

	private static List<String> secrets(ConfigurableEnvironment environment) {
		List<String> problems = new ArrayList<>();
		secret(environment, "AUTH_JWT_SECRET", true, problems);
		secret(environment, "AUTH_JWT_SECRET_PREVIOUS", false, problems);
		encryptionKey(environment, problems);
		String management = environment.getProperty("OPENROUTER_PROVISIONING_KEY");
		if (isPlaceholder(management)) {
			problems.add("OPENROUTER_PROVISIONING_KEY is the placeholder '" + management.strip() + "': set your "
					+ "OpenRouter management key (openrouter.ai, Settings, Management keys), or unset it to start "
					+ "without minting");
		}
		return problems;
	}

	/** Whether two messages are about the same variable (each starts with its name). */
	private static boolean sameVariable(String one, String other) {
		String name = one.split("[ :]", 2)[0];
		return other.startsWith(name + " ") || other.startsWith(name + ":");
	}

	private static void secret(ConfigurableEnvironment environment, String name, boolean required,
			List<String> problems) {
		String value = environment.getProperty(name);
		String make = "a random secret of at least " + MIN_SECRET_BYTES + " bytes, e.g. " + RANDOM_32;
		if (!StringUtils.hasText(value)) {
			if (required) {
				problems.add(name + " is not set: set it to " + make + " (the demo profile generates one)");
			}
		}
		else if (isPlaceholder(value)) {
			problems.add(name + " is the placeholder '" + value.strip() + "': set it to " + make);
		}
		else if (value.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
			problems.add(name + " is too short: HS256 needs at least " + MIN_SECRET_BYTES + " bytes, e.g. " + RANDOM_32);
		}
	}

	private static void encryptionKey(ConfigurableEnvironment environment, List<String> problems) {
		String value = environment.getProperty("KEY_ENCRYPTION_KEY");
		String make = "base64 of 32 random bytes, e.g. " + RANDOM_32;
		if (!StringUtils.hasText(value)) {
			problems.add("KEY_ENCRYPTION_KEY is not set: set it to " + make + " (the demo profile generates one)");
		}
		else if (isPlaceholder(value)) {
			problems.add("KEY_ENCRYPTION_KEY is the placeholder '" + value.strip() + "': set it to " + make);
		}
		else if (!isKey(value.strip())) {
			problems.add("KEY_ENCRYPTION_KEY must be " + make + " (it holds something else)");
		}
	}

	private static boolean isKey(String value) {
		try {
			return Base64.getDecoder().decode(value).length == 32;
		}
		catch (IllegalArgumentException notBase64) {
			return false;
		}
	}

	static boolean isPlaceholder(String value) {
		return value != null && PLACEHOLDERS.contains(value.strip().toLowerCase(java.util.Locale.ROOT));
	}

}
