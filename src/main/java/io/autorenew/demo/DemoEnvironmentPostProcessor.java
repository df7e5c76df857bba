package io.autorenew.demo;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.autorenew.InvalidSettingException;
import io.autorenew.standin.OpenRouterStandIn;
import io.autorenew.standin.SimulatedKeys;
import org.apache.commons.logging.Log;

import org.springframework.aot.AotDetector;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.log.LogMessage;
import org.springframework.util.StringUtils;

/**
 * Under the {@code demo} profile, starts an {@link OpenRouterStandIn} on a loopback port
 * and points the service at it: a {@code demo} property source, first in line, sets
 * {@code OPENROUTER_BASE_URL} and {@code OPENROUTER_PROVISIONING_KEY}, a generated
 * {@code AUTH_JWT_SECRET}, {@code KEY_ENCRYPTION_KEY} when it is not set, the loopback as the
 * address to listen on and the API description on. Beside a real management key, signing
 * secret, issuer or store it refuses to start. The
 * standIn is registered as the {@code openRouterStandIn} bean and closes with the
 * application context.
 */
final class DemoEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String PROFILE = "demo";

	static final String PROPERTY_SOURCE_NAME = "demo";

	static final String STAND_IN_BEAN_NAME = "openRouterStandIn";

	static final String EXPIRE_AFTER_CALLS = "DEMO_KEY_EXPIRE_AFTER_CALLS";

	static final String EXPIRE_AFTER = "DEMO_KEY_EXPIRE_AFTER";

	static final String BASE_URL = "OPENROUTER_BASE_URL";

	static final String PROVISIONING_KEY = "OPENROUTER_PROVISIONING_KEY";

	static final String JWT_SECRET = "AUTH_JWT_SECRET";

	static final String ENCRYPTION_KEY = "KEY_ENCRYPTION_KEY";

	static final String CORS_ORIGINS = "CORS_ALLOWED_ORIGINS";

	/** Settings of a real deployment, beside which the demo refuses to start. */
	static final List<String> REAL_SETTINGS = List.of(PROVISIONING_KEY, JWT_SECRET, "AUTH_JWT_ISSUER_URI",
			"MONGODB_URI");

	/** The demo listens only on the loopback unless {@code SERVER_ADDRESS} says otherwise. */
	static final String LOOPBACK = "127.0.0.1";

	static final String API_DOCS = "API_DOCS_ENABLED";

	/** What {@code .env.example} holds where a secret goes. */
	static final String PLACEHOLDER = "change-me";

	/** A frontend's dev server on its usual port, allowed by the demo besides its own origin. */
	static final String FRONTEND_DEV_ORIGIN = "http://localhost:3000";

	private static final int DEFAULT_EXPIRE_AFTER_CALLS = 3;

	private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

	private final SecureRandom random = new SecureRandom();

	private final Log logger;

	DemoEnvironmentPostProcessor(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(DemoEnvironmentPostProcessor.class);
	}

	/**
	 * After config data, so that profiles from every source are known; before
	 * {@code SettingsCheck}, which checks what the demo generated.
	 */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE - 10;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.matchesProfiles(PROFILE) || environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
			return;
		}
		refuseAotBuild();
		refuseRealSettings(environment);
		String managementKey = SimulatedKeys.newKey(this.random);
		OpenRouterStandIn standIn = OpenRouterStandIn.start(managementKey, expireAfterCalls(environment),
				expireAfter(environment), Clock.systemUTC());
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put(BASE_URL, standIn.baseUrl().toString());
		properties.put(PROVISIONING_KEY, managementKey);
		if (unset(environment, JWT_SECRET)) {
			properties.put(JWT_SECRET, randomAlphanumeric(48));
		}
		if (unset(environment, ENCRYPTION_KEY)) {
			properties.put(ENCRYPTION_KEY, Base64.getEncoder().encodeToString(randomBytes(32)));
		}
		if (!StringUtils.hasText(environment.getProperty(CORS_ORIGINS))) {
			properties.put(CORS_ORIGINS, demoOrigins(environment));
		}
		if (!StringUtils.hasText(environment.getProperty("server.address"))
				&& !StringUtils.hasText(environment.getProperty("SERVER_ADDRESS"))) {
			properties.put("server.address", LOOPBACK);
		}
		if (!StringUtils.hasText(environment.getProperty(API_DOCS))) {
			properties.put(API_DOCS, "true");
		}
		environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, properties));
		application.addInitializers((context) -> register(standIn, context));
		this.logger.info(LogMessage.format("Demo profile: OpenRouter stand-in listening at %s (%s)",
				standIn.baseUrl(), DemoInstructions.expiryPolicy(standIn)));
	}

	/**
	 * Makes the stand-in a bean. As a bean definition (not a bare singleton) it is closed,
	 * being {@link AutoCloseable}, when the context destroys its beans: after the web server
	 * has finished its in-flight requests. If the context fails to start first, the
	 * {@link StandInShutdown} listener closes it.
	 */
	private static void register(OpenRouterStandIn standIn, ConfigurableApplicationContext context) {
		if (!(context instanceof GenericApplicationContext beans)) {
			standIn.close();
			throw new IllegalStateException("The demo profile needs a GenericApplicationContext, not a "
					+ context.getClass().getName());
		}
		beans.registerBean(STAND_IN_BEAN_NAME, OpenRouterStandIn.class, () -> standIn,
				(definition) -> definition.setLazyInit(false));
		context.addApplicationListener(new StandInShutdown(context, standIn));
	}

	/**
	 * A Spring AOT build fixed its beans when it was built, without the demo profile: its page and
	 * its token endpoint are not in it. Rather than start without them, the demo says how to run.
	 */
	private static void refuseAotBuild() {
		if (AotDetector.useGeneratedArtifacts()) {
			throw new InvalidSettingException("The demo profile does not run on the AOT build (spring.aot.enabled=true, "
					+ "as the container image starts): its beans were fixed without the demo when the jar was built. "
					+ "Start the jar without -Dspring.aot.enabled, or run mvn spring-boot:run -Dspring-boot.run.profiles=demo");
		}
	}

	/**
	 * The demo signs tokens anyone can get and answers with a simulated OpenRouter: beside a real
	 * management key, signing secret, issuer or store it would hand out access to them. So it
	 * refuses to start, in one line naming them. {@code .env.example}'s placeholders are not real.
	 */
	private static void refuseRealSettings(ConfigurableEnvironment environment) {
		List<String> real = REAL_SETTINGS.stream().filter((name) -> {
			String value = environment.getProperty(name);
			return StringUtils.hasText(value) && !PLACEHOLDER.equalsIgnoreCase(value.strip());
		}).toList();
		if (!real.isEmpty()) {
			throw new InvalidSettingException("The demo profile refuses to start beside real settings ("
					+ String.join(", ", real) + "): it signs tokens anyone can get and answers with a simulated "
					+ "OpenRouter. Unset them, or start without the demo profile");
		}
	}

	/** Whether the demo generated this setting at this start. */
	static boolean generated(Environment environment, String name) {
		return (environment instanceof ConfigurableEnvironment configurable)
				&& configurable.getPropertySources().get(PROPERTY_SOURCE_NAME) instanceof MapPropertySource demo
				&& demo.containsProperty(name);
	}

	/**
	 * Whether the demo makes this secret up: it is unset, or still {@code .env.example}'s
	 * placeholder (said once, naming the variable).
	 */
	private boolean unset(ConfigurableEnvironment environment, String name) {
		String value = environment.getProperty(name);
		if (value != null && PLACEHOLDER.equalsIgnoreCase(value.strip())) {
			this.logger.warn(LogMessage.format("Demo profile: %s is the placeholder '%s' (from .env.example): the "
					+ "demo generates one instead. Unset %s, or set a real value, to silence this", name, PLACEHOLDER,
					name));
			return true;
		}
		return !StringUtils.hasText(value);
	}

	/** The demo's own origins (its page and Swagger UI) and a frontend's dev server. */
	private static String demoOrigins(ConfigurableEnvironment environment) {
		String port = environment.getProperty("server.port", environment.getProperty("SERVER_PORT", "8080"));
		return String.join(",", "http://localhost:" + port, "http://127.0.0.1:" + port, FRONTEND_DEV_ORIGIN);
	}

	private static int expireAfterCalls(ConfigurableEnvironment environment) {
		try {
			return environment.getProperty(EXPIRE_AFTER_CALLS, Integer.class, DEFAULT_EXPIRE_AFTER_CALLS);
		}
		catch (ConversionException ex) {
			throw new IllegalStateException(EXPIRE_AFTER_CALLS + " must be a whole number of calls", ex);
		}
	}

	private static Duration expireAfter(ConfigurableEnvironment environment) {
		String value = environment.getProperty(EXPIRE_AFTER, "0");
		try {
			return DurationStyle.detectAndParse(value.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(EXPIRE_AFTER + " must be a duration such as 30s or PT30S", ex);
		}
	}

	private String randomAlphanumeric(int length) {
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append(ALPHANUMERIC.charAt(this.random.nextInt(ALPHANUMERIC.length())));
		}
		return text.toString();
	}

	private byte[] randomBytes(int length) {
		byte[] bytes = new byte[length];
		this.random.nextBytes(bytes);
		return bytes;
	}

}
