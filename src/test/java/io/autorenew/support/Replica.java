package io.autorenew.support;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.autorenew.GatewayApplication;
import io.autorenew.money.UserSuspension;
import io.autorenew.renewal.KeyCache;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.test.context.TestPropertySource;

/**
 * One more instance of the whole service, on a random port, sharing the Mongo-wire store and
 * the OpenRouter stub with every other: a replica behind a load balancer. Settings are given
 * as environment names, e.g. {@code OPENROUTER_CLAIM_LEASE=1s}, and win over the test settings,
 * which are {@link IntegrationTest}'s; a bare name ({@code API_DOCS_ENABLED}) takes one away.
 */
public final class Replica implements AutoCloseable {

	/** The test settings, written once: {@link IntegrationTest}'s, on a port of its own. */
	private static final List<String> DEFAULTS = defaults();

	private final ConfigurableApplicationContext context;

	private final Api api;

	private Replica(ConfigurableApplicationContext context) {
		this.context = context;
		this.api = new Api(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
	}

	public static Replica start(String instance, String... settings) {
		return start(instance, null, settings);
	}

	/** A replica whose clock is {@code clock} (e.g. a {@link MutableClock} the test moves). */
	public static Replica start(String instance, Clock clock, String... settings) {
		Map<String, String> all = new LinkedHashMap<>();
		DEFAULTS.forEach((setting) -> put(all, setting));
		put(all, "INSTANCE_ID=" + instance);
		put(all, "MONGODB_URI=" + MongoWireServer.uri());
		put(all, "OPENROUTER_BASE_URL=" + OpenRouterStub.baseUrl());
		put(all, "ALERT_WEBHOOK_URL=" + AlertReceiver.url());
		for (String setting : settings) {
			put(all, setting);
		}
		SpringApplicationBuilder builder = new SpringApplicationBuilder(GatewayApplication.class);
		if (clock != null) {
			builder.initializers((context) -> ((GenericApplicationContext) context).registerBean("clock", Clock.class,
					() -> clock));
		}
		return new Replica(builder
			.run(all.entrySet().stream().map((e) -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new)));
	}

	public Api api() {
		return this.api;
	}

	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	/**
	 * Forgets the keys and suspensions this replica has cached, as a test that empties the
	 * store between tests needs when its replicas outlive one test.
	 */
	public void forgetCaches() {
		bean(KeyCache.class).clear();
		bean(UserSuspension.class).forgetCached();
	}

	public ConfigurableApplicationContext context() {
		return this.context;
	}

	@Override
	public void close() {
		this.context.close();
	}

	private static List<String> defaults() {
		List<String> defaults = new ArrayList<>(List.of("server.port=0"));
		defaults.addAll(List.of(IntegrationTest.class.getAnnotation(TestPropertySource.class).properties()));
		return List.copyOf(defaults);
	}

	/** {@code NAME=value} sets a setting; a bare {@code NAME} takes a test setting away, leaving the service's default. */
	private static void put(Map<String, String> settings, String setting) {
		int equals = setting.indexOf('=');
		if (equals < 0) {
			settings.remove(setting);
			return;
		}
		settings.put(setting.substring(0, equals), setting.substring(equals + 1));
	}

}
