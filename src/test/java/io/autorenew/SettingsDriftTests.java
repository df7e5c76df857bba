package io.autorenew;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each setting is written once: the {@code @ConfigurationProperties} records hold the defaults and
 * the Javadoc ({@code spring-boot-configuration-processor} turns them into
 * {@code META-INF/spring-configuration-metadata.json} at build time), {@link SettingVariables}
 * names each one's environment variable, {@code application.yml} keeps only Spring Boot's and
 * springdoc's own settings (with their {@code ${NAME:default}}), and {@code .env.example} shows
 * every variable. These tests fail on a variable missing from {@code .env.example}, one nobody
 * reads, an {@code .env.example} value that is not the default, a record setting written in
 * application.yml, a setting without a description, and a stale docs/configuration.md.
 */
class SettingsDriftTests {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");

	private static final Pattern ENV_LINE = Pattern.compile("^#?\\s*([A-Z][A-Z0-9_]+)=(.*)$");

	/** What {@code .env.example} shows for a required secret that has no default. */
	private static final String REQUIRED_VALUE = "change-me";

	private static Map<String, JsonNode> metadata;

	private static Map<String, Object> yaml;

	/**
	 * Every variable the service reads: each {@code ${NAME:default}} of application.yml, and each
	 * variable of {@link SettingVariables} with its record's default.
	 */
	private static List<Variable> variables;

	private static Map<String, String> envExample;

	/** The comment line right above each variable in .env.example. */
	private static Map<String, String> envComments;

	private static final Path REFERENCE = Path.of("docs/configuration.md");

	@BeforeAll
	static void read() throws IOException {
		metadata = new TreeMap<>();
		JsonNode root = JsonMapper.builder()
			.build()
			.readTree(Files.readString(Path.of("target/classes/META-INF/spring-configuration-metadata.json")));
		for (JsonNode property : root.get("properties")) {
			metadata.put(property.get("name").asString(), property);
		}
		yaml = new LinkedHashMap<>();
		flatten("", new Yaml().load(Files.readString(Path.of("src/main/resources/application.yml"))), yaml);
		variables = new ArrayList<>();
		yaml.forEach((key, value) -> {
			Matcher m = PLACEHOLDER.matcher(String.valueOf(value));
			boolean whole = m.matches();
			m.reset();
			while (m.find()) {
				variables.add(new Variable(key, m.group(1), Objects.toString(m.group(2), ""), whole));
			}
		});
		// the records' settings: the variable from SettingVariables, the default from the record
		new TreeMap<>(SettingVariables.PROPERTIES).forEach((name, property) -> {
			JsonNode meta = metadata.get(property);
			String fallback = (meta != null && meta.hasNonNull("defaultValue")) ? defaultOf(meta.get("defaultValue")) : "";
			variables.add(new Variable(property, name, fallback, true));
		});
		envExample = new LinkedHashMap<>();
		envComments = new LinkedHashMap<>();
		// a comment block describes the variables right below it, up to a blank line
		String comment = "";
		boolean afterVariable = false;
		for (String line : Files.readAllLines(Path.of(".env.example"))) {
			Matcher m = ENV_LINE.matcher(line);
			if (m.matches()) {
				envExample.put(m.group(1), m.group(2));
				envComments.put(m.group(1), comment);
				afterVariable = true;
			}
			else if (line.startsWith("#")) {
				comment = (afterVariable ? "" : comment + " ") + line.substring(1).trim();
				afterVariable = false;
			}
			else if (line.isBlank()) {
				comment = "";
				afterVariable = false;
			}
		}
	}

	@Test
	void theBuildWritesTheSettingsMetadataFromTheRecords() {
		assertThat(metadata).containsKeys("auth.jwt-secret", "openrouter.provisioning.key", "rate-limit.per-minute");
	}

	@Test
	void everySettingHasADescription() {
		assertThat(metadata.values().stream()
			.filter((property) -> !property.hasNonNull("description") || property.get("description").asString().isBlank())
			.map((property) -> property.get("name").asString())).isEmpty();
	}

	@Test
	void everySettingReadFromTheEnvironmentNamesItsVariable() {
		Map<String, String> unnamed = new TreeMap<>();
		for (Variable variable : ourSettings()) {
			if (!metadata.get(variable.property()).get("description").asString()
				.contains("{@code " + variable.name() + "}")) {
				unnamed.put(variable.property(), variable.name());
			}
		}
		assertThat(unnamed).as("record Javadoc that does not name its environment variable").isEmpty();
	}

	/**
	 * The names docs/configuration.md gives the settings without a line in .env.example are ones
	 * Spring Boot reads: each set as an environment variable binds to its property.
	 */
	@Test
	void theVariablesOfTheSettingsWithoutALineInEnvExampleBind() {
		Map<String, Object> variables = new TreeMap<>();
		unnamedSettings().keySet().forEach((property) -> variables.put(relaxedName(property), "value-of-" + property));
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("test-environment", variables));
		Binder binder = Binder
			.get(environment);
		assertThat(unnamedSettings()).isNotEmpty();
		unnamedSettings().keySet()
			.forEach((property) -> assertThat(binder.bind(property, String.class).orElse(null)).as(relaxedName(property))
				.isEqualTo("value-of-" + property));
	}

	@Test
	void everyVariableTheServiceReadsIsInEnvExample() {
		assertThat(new TreeSet<>(envExample.keySet())).containsAll(defaults().keySet());
	}

	@Test
	void everyVariableInEnvExampleIsRead() throws IOException {
		Set<String> read = new TreeSet<>(defaults().keySet());
		String compose = Files.readString(Path.of("docker-compose.yml"));
		String code = javaSources();
		Set<String> unread = new TreeSet<>();
		for (String name : envExample.keySet()) {
			boolean readHere = read.contains(name) || compose.contains("${" + name)
					|| code.contains("\"" + name + "\"");
			if (!readHere) {
				unread.add(name);
			}
		}
		assertThat(unread).as("variables in .env.example that nothing reads").isEmpty();
	}

	@Test
	void envExampleShowsTheDefaults() {
		Map<String, String> wrong = new TreeMap<>();
		defaults().forEach((name, fallback) -> {
			String shown = envExample.get(name);
			boolean required = fallback.isEmpty() && REQUIRED_VALUE.equals(shown);
			JsonNode meta = metadata.get(propertyOf(name));
			String type = (meta != null) ? meta.get("type").asString() : String.class.getName();
			if (shown != null && !required && !sameValue(ApplicationConversionService.getSharedInstance(), type, shown, fallback)) {
				wrong.put(name, ".env.example " + shown + ", default " + fallback);
			}
		});
		assertThat(wrong).isEmpty();
	}

	/** Defaults are written once: application.yml sets none of the records' settings. */
	@Test
	void applicationYmlWritesNoSettingOfTheRecords() {
		assertThat(yaml.keySet().stream().filter(metadata::containsKey)).as("record settings in application.yml").isEmpty();
	}

	/** SettingVariables maps each variable to a setting of a record, and no setting twice. */
	@Test
	void everyVariableOfSettingVariablesSetsASettingOfARecord() {
		assertThat(metadata.keySet()).containsAll(SettingVariables.PROPERTIES.values());
		assertThat(new TreeSet<>(SettingVariables.PROPERTIES.values())).hasSameSizeAs(SettingVariables.PROPERTIES.values());
	}

	/**
	 * docs/configuration.md is generated: one row per variable of .env.example, with the record's
	 * Javadoc (from the build's metadata) or, for settings that are not ours (Spring Boot's, the
	 * compose file's), the comment above it in .env.example. Regenerate with
	 * {@code mvn test -Dtest=SettingsDriftTests -Dsettings.write=true}.
	 */
	@Test
	void theConfigurationReferenceIsGeneratedFromTheCode() throws IOException {
		String expected = reference();
		if (Boolean.getBoolean("settings.write")) {
			Files.createDirectories(REFERENCE.getParent());
			Files.writeString(REFERENCE, expected);
		}
		assertThat(REFERENCE).as("docs/configuration.md; regenerate: mvn test -Dtest=SettingsDriftTests -Dsettings.write=true")
			.exists();
		assertThat(Files.readString(REFERENCE)).isEqualTo(expected);
	}

	private static String reference() {
		Map<String, String> defaults = defaults();
		StringBuilder out = new StringBuilder();
		out.append("# Configuration reference\n\n")
			.append("Generated from the code by `SettingsDriftTests` (do not edit by hand): every environment variable of\n")
			.append("[`.env.example`](../.env.example), the property it sets, its type and default, and what it does. For\n")
			.append("the service's own settings all of it comes from the `@ConfigurationProperties` records (defaults and\n")
			.append("Javadoc, through `spring-boot-configuration-processor`; each variable's name from `SettingVariables`); for\n")
			.append("Spring Boot's and the compose file's, from `application.yml` and `.env.example`. A test fails when this\n")
			.append("file, `.env.example`, `application.yml` and the records disagree.\n")
			.append("Regenerate after a change:\n\n")
			.append("<!-- not run by the docs test: it runs SettingsDriftTests, which every build runs -->\n")
			.append("```bash\nmvn test -Dtest=SettingsDriftTests -Dsettings.write=true\n```\n\n")
			.append("Durations accept `500ms`, `30s`, `2m` or ISO-8601 (`PT30S`, `P30D`); sizes `512KB`, `1MB`. A setting\n")
			.append("out of range (a limit that is not positive, an unknown `OPENROUTER_KEY_LIMIT_RESET`, a renew-before window\n")
			.append("not shorter than the TTL, `OPENROUTER_MAX_ATTEMPTS` or `RATE_LIMIT_PER_MINUTE` below 1, …) stops start-up\n")
			.append("with a message naming the variable. Every such setting, and every missing or placeholder (`change-me`)\n")
			.append("secret, is listed in one block at the same start, each with how to make a good value.\n\n")
			.append("| Variable | Default | Property | Type | What it does |\n")
			.append("|---|---|---|---|---|\n");
		envExample.forEach((name, shown) -> {
			String property = propertyOf(name);
			JsonNode meta = (property != null) ? metadata.get(property) : null;
			String fallback = defaults.containsKey(name) ? defaults.get(name)
					: (REQUIRED_VALUE.equals(shown) ? "" : shown);
			if (fallback.isEmpty() && meta != null && meta.hasNonNull("defaultValue")) {
				fallback = meta.get("defaultValue").asString();
			}
			String description = (meta != null) ? javadoc(meta.get("description").asString(), name) : envComments.get(name);
			out.append("| `").append(name).append("` | ")
				.append(fallback.isEmpty() ? "(none)" : "`" + fallback + "`").append(" | ")
				.append((property != null) ? "`" + property + "`" : "(read by " + reader(name) + ")").append(" | ")
				.append((meta != null) ? simpleType(meta.get("type").asString()) : "").append(" | ")
				.append(cell(description)).append(" |\n");
		});
		out.append("\n## Settings without a line in `.env.example`\n\n")
			.append("Rarely changed, so `SettingVariables` names no variable for them; Spring Boot's relaxed binding still\n")
			.append("reads each from the environment variable shown (the property in upper case, `.` and `-` as `_`).\n\n")
			.append("| Variable | Default | Property | Type | What it does |\n")
			.append("|---|---|---|---|---|\n");
		unnamedSettings().forEach((property, meta) -> out.append("| `").append(relaxedName(property)).append("` | ")
			.append(meta.hasNonNull("defaultValue") ? "`" + meta.get("defaultValue").asString() + "`" : "(none)")
			.append(" | `").append(property).append("` | ").append(simpleType(meta.get("type").asString())).append(" | ")
			.append(cell(javadoc(meta.get("description").asString(), relaxedName(property)))).append(" |\n"));
		return out.toString();
	}

	/** The records' settings that application.yml names no variable for. */
	static Map<String, JsonNode> unnamedSettings() {
		Set<String> named = new TreeSet<>();
		variables.forEach((variable) -> named.add(variable.property()));
		Map<String, JsonNode> unnamed = new TreeMap<>(metadata);
		unnamed.keySet().removeAll(named);
		return unnamed;
	}

	/** The environment variable Spring Boot's relaxed binding reads a property from. */
	static String relaxedName(String property) {
		return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
	}

	private static String reader(String name) {
		return name.startsWith("DEMO_") ? "the demo profile" : name.equals("LOG_FORMAT") ? "the log set-up" : "docker-compose.yml";
	}

	/** Javadoc to Markdown: {@code x} to `x`, the variable's own name dropped. */
	private static String javadoc(String text, String name) {
		return text.replaceFirst("^\\{@code " + name + "}:\\s*", "")
			.replace(" ({@code " + name + "})", "")
			.replace("({@code " + name + "})", "")
			.replaceAll("\\{@(?:code|literal) ([^}]*)}", "`$1`")
			.replaceAll("\\{@link (?:[\\w.]*#)?([^}]*)}", "`$1`");
	}

	private static String cell(String text) {
		return Objects.toString(text, "").replace("\n", " ").replaceAll("\\s+", " ").replace("|", "\\|").trim();
	}

	private static String simpleType(String type) {
		return type.replaceAll("[\\w.]*\\.(\\w+)", "$1");
	}

	private static String propertyOf(String name) {
		return variables.stream()
			.filter((variable) -> variable.name().equals(name))
			.map(Variable::property)
			.findFirst()
			.orElse(null);
	}

	/** A record's default as the metadata writes it: a string, a number, a boolean or a list. */
	private static String defaultOf(JsonNode value) {
		if (value.isArray()) {
			List<String> items = new ArrayList<>();
			value.forEach((item) -> items.add(item.asString()));
			return String.join(",", items);
		}
		return value.asString();
	}

	private static boolean sameValue(ConversionService conversion, String type, String a, String b) {
		if (a.equalsIgnoreCase(b)) {
			return true;
		}
		try {
			Class<?> target = Class.forName(type);
			return Objects.equals(conversion.convert(a, target), conversion.convert(b, target));
		}
		catch (ClassNotFoundException | RuntimeException ex) {
			return false;
		}
	}

	/** Every variable the service reads, with its default ("" when none is given). */
	private static Map<String, String> defaults() {
		Map<String, String> found = new TreeMap<>();
		variables.forEach((variable) -> found.put(variable.name(), variable.fallback()));
		return found;
	}

	/** The variables that set one of the records' properties, as a whole value. */
	private static List<Variable> ourSettings() {
		return variables.stream()
			.filter((variable) -> variable.whole() && metadata.containsKey(variable.property()))
			.toList();
	}

	private static String javaSources() throws IOException {
		StringBuilder all = new StringBuilder();
		try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".java")).toList()) {
				all.append(Files.readString(file));
			}
		}
		return all.toString();
	}

	@SuppressWarnings("unchecked")
	private static void flatten(String prefix, Object node, Map<String, Object> into) {
		if (node instanceof Map<?, ?> map) {
			map.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, into));
		}
		else if (node instanceof List<?> list) {
			for (int i = 0; i < list.size(); i++) {
				flatten(prefix + "[" + i + "]", list.get(i), into);
			}
		}
		else {
			into.put(prefix, node);
		}
	}

	/**
	 * One variable the service reads.
	 * @param property the property it sets
	 * @param fallback its default ("" when none)
	 * @param whole whether it is the property's whole value (not part of a longer string)
	 */
	private record Variable(String property, String name, String fallback, boolean whole) {
	}

}
