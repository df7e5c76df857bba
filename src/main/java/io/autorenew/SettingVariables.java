package io.autorenew;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertyResolver;
import org.springframework.core.env.PropertySource;

/**
 * Reads each setting of the {@code @ConfigurationProperties} records from the environment
 * variable the contract names for it ({@code OPENROUTER_MAX_ATTEMPTS} for
 * {@code openrouter.retry.max-attempts}, …), wherever that name is set: the process
 * environment, a system property, a test's properties or the demo's. Only the name is mapped
 * here: each default is written once, on its record's {@code @DefaultValue}, so an unset
 * variable leaves the property unset and the record's default applies.
 * <p>
 * The variables' source comes first, so a variable beats the property of the same setting
 * given by its own name. {@code application.yml} maps only the variables of Spring Boot's and
 * springdoc's own properties.
 */
final class SettingVariables implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY_SOURCE_NAME = "settingVariables";

	/** Each variable and the property it sets. */
	static final Map<String, String> PROPERTIES = Map.ofEntries(
			Map.entry("OPENROUTER_BASE_URL", "openrouter.base-url"),
			Map.entry("OPENROUTER_DEFAULT_MODEL", "openrouter.default-model"),
			Map.entry("OPENROUTER_HTTP_REFERER", "openrouter.http-referer"),
			Map.entry("OPENROUTER_APP_TITLE", "openrouter.app-title"),
			Map.entry("OPENROUTER_CONNECT_TIMEOUT", "openrouter.connect-timeout"),
			Map.entry("OPENROUTER_READ_TIMEOUT", "openrouter.read-timeout"),
			Map.entry("OPENROUTER_ALLOWED_MODELS", "openrouter.allowed-models"),
			Map.entry("OPENROUTER_MAX_TOKENS", "openrouter.max-tokens"),
			Map.entry("OPENROUTER_STREAM_HEARTBEAT", "openrouter.stream-heartbeat"),
			Map.entry("OPENROUTER_SSL_BUNDLE", "openrouter.ssl-bundle"),
			Map.entry("OPENROUTER_HTTP2", "openrouter.http2"),
			Map.entry("OPENROUTER_MAX_ATTEMPTS", "openrouter.retry.max-attempts"),
			Map.entry("OPENROUTER_REQUEST_DEADLINE", "openrouter.retry.deadline"),
			Map.entry("OPENROUTER_PROVISIONING_KEY", "openrouter.provisioning.key"),
			Map.entry("OPENROUTER_PROVISIONING_CONNECT_TIMEOUT", "openrouter.provisioning.connect-timeout"),
			Map.entry("OPENROUTER_PROVISIONING_READ_TIMEOUT", "openrouter.provisioning.read-timeout"),
			Map.entry("OPENROUTER_PROVISIONING_RETRY_AFTER", "openrouter.provisioning.retry-after"),
			Map.entry("OPENROUTER_PROVISIONING_FAILURE_THRESHOLD", "openrouter.provisioning.failure-threshold"),
			Map.entry("OPENROUTER_PROVISIONING_COOL_DOWN", "openrouter.provisioning.cool-down"),
			Map.entry("OPENROUTER_PROVISIONING_MAX_COOL_DOWN", "openrouter.provisioning.max-cool-down"),
			Map.entry("OPENROUTER_KEY_LIMIT_USD", "openrouter.keys.limit-usd"),
			Map.entry("OPENROUTER_KEY_LIMIT_RESET", "openrouter.keys.limit-reset"),
			Map.entry("OPENROUTER_KEY_TTL", "openrouter.keys.ttl"),
			Map.entry("OPENROUTER_KEY_RENEW_BEFORE", "openrouter.keys.renew-before"),
			Map.entry("OPENROUTER_KEY_STATUS_CACHE_TTL", "openrouter.keys.status-cache-ttl"),
			Map.entry("OPENROUTER_KEY_NAME_PREFIX", "openrouter.keys.name-prefix"),
			Map.entry("OPENROUTER_KEY_GRACE", "openrouter.keys.grace"),
			Map.entry("OPENROUTER_MINTS_PER_MINUTE", "openrouter.caps.mints-per-minute"),
			Map.entry("OPENROUTER_NEW_USERS_PER_HOUR", "openrouter.caps.new-users-per-hour"),
			Map.entry("OPENROUTER_TOTAL_LIMIT_USD", "openrouter.caps.total-limit-usd"),
			Map.entry("OPENROUTER_CLAIM_WAIT", "openrouter.claim.max-wait"),
			Map.entry("OPENROUTER_CLAIM_LEASE", "openrouter.claim.lease"),
			Map.entry("OPENROUTER_RECONCILE_ENABLED", "openrouter.reconcile.enabled"),
			Map.entry("OPENROUTER_RECONCILE_INTERVAL", "openrouter.reconcile.interval"),
			Map.entry("OPENROUTER_RECONCILE_INITIAL_DELAY", "openrouter.reconcile.initial-delay"),
			Map.entry("OPENROUTER_RECONCILE_GRACE", "openrouter.reconcile.grace"),
			Map.entry("OPENROUTER_PASSTHROUGH_FIELDS", "gateway.passthrough-fields"),
			Map.entry("PUBLIC_BASE_URL", "public.base-url"),
			Map.entry("OPENROUTER_SERVER_TOOLS", "gateway.server-tools"),
			Map.entry("OPENROUTER_ALLOWED_BETAS", "gateway.allowed-betas"),
			Map.entry("OPENROUTER_CACHE_TTL_1H", "gateway.long-cache"),
			Map.entry("OPENROUTER_MAX_INPUT_CHARS", "gateway.max-input-chars"),
			Map.entry("KEY_ENCRYPTION_KEY", "keys.encryption.key"),
			Map.entry("KEY_ENCRYPTION_KEY_PREVIOUS", "keys.encryption.previous-key"),
			Map.entry("KEY_REENCRYPTION_BATCH_SIZE", "keys.encryption.reencrypt-batch-size"),
			Map.entry("KEY_REENCRYPTION_INTERVAL", "keys.encryption.reencrypt-interval"),
			Map.entry("AUTH_JWT_SECRET", "auth.jwt-secret"),
			Map.entry("AUTH_JWT_SECRET_PREVIOUS", "auth.jwt-secret-previous"),
			Map.entry("AUTH_JWT_ISSUER", "auth.jwt-issuer"),
			Map.entry("AUTH_JWT_MAX_TTL", "auth.jwt-max-ttl"),
			Map.entry("AUTH_JWKS_REFRESH_MIN", "auth.jwks.refresh-min"),
			Map.entry("AUTH_JWT_ISSUER_URI", "auth.jwt-issuer-uri"),
			Map.entry("AUTH_JWT_AUDIENCE", "auth.jwt-audience"),
			Map.entry("AUTH_ADMIN_SOURCE", "auth.admin-source"),
			Map.entry("AUTH_ADMIN_CLAIM", "auth.admin-claim"),
			Map.entry("AUTH_ADMIN_VALUE", "auth.admin-value"),
			Map.entry("CORS_ALLOWED_ORIGINS", "cors.allowed-origins"),
			Map.entry("RATE_LIMIT_PER_MINUTE", "rate-limit.per-minute"),
			Map.entry("STREAMS_PER_USER", "streams.per-user"),
			Map.entry("LEDGER_RETENTION", "spend.retention"),
			Map.entry("ALERT_WEBHOOK_URL", "alerts.webhook-url"),
			Map.entry("ALERT_WEBHOOK_SECRET", "alerts.webhook-secret"),
			Map.entry("CONSOLE_OIDC_CLIENT_ID", "console.oidc-client-id"),
			Map.entry("CONSOLE_OIDC_SCOPE", "console.oidc-scope"),
			Map.entry("STREAM_MAX_DURATION", "streams.max-duration"),
			Map.entry("STREAM_SHUTDOWN_GRACE", "streams.shutdown-grace"),
			Map.entry("MAX_REQUEST_SIZE", "request.max-size"),
			Map.entry("MONGODB_URI", "store.mongodb-uri"),
			Map.entry("EMBEDDED_MONGO_DIR", "store.embedded-dir"),
			Map.entry("MONGODB_TIMEOUT", "store.timeout"),
			Map.entry("STORE_REQUIRE_EXTERNAL", "store.require-external"));

	private static final Map<String, String> VARIABLES = inverse(PROPERTIES);

	/** Early, so that every later step (the demo's, the log format's) sees the settings. */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
			environment.getPropertySources().addFirst(new Variables(environment));
		}
	}

	private static Map<String, String> inverse(Map<String, String> map) {
		Map<String, String> inverse = new HashMap<>();
		map.forEach((key, value) -> inverse.put(value, key));
		return Map.copyOf(inverse);
	}

	/**
	 * Answers a setting's property with its variable's value, looked up when asked, so that a
	 * source added later (the demo's, a test's) is seen too. Not enumerable: Boot asks it by
	 * name only.
	 */
	private static final class Variables extends PropertySource<Map<String, String>> {

		/**
		 * Where the variables are looked up. Not this source's {@code source}: Boot walks into a
		 * source that is an environment, and this one is inside it.
		 */
		private final PropertyResolver environment;

		Variables(PropertyResolver environment) {
			super(PROPERTY_SOURCE_NAME, VARIABLES);
			this.environment = environment;
		}

		@Override
		public Object getProperty(String name) {
			String variable = VARIABLES.get(name);
			return (variable != null) ? this.environment.getProperty(variable) : null;
		}

	}

}
