package io.autorenew.openrouter;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import javax.net.ssl.SSLContext;

import io.autorenew.web.StreamProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.retry.backoff.ExponentialRandomBackOffPolicy;
import org.springframework.retry.backoff.Sleeper;
import org.springframework.retry.backoff.ThreadWaitSleeper;
import org.springframework.retry.support.RetryTemplate;
import org.springframework.web.client.RestClient;

/**
 * Wires the chat client (the JDK client, bytes in and out: the path every request pays for)
 * and the key-management client (Boot's
 * {@link RestClient.Builder}), each with its own timeouts.
 */
@Configuration(proxyBeanMethods = false)
class OpenRouterConfiguration {

	private static final Logger log = LoggerFactory.getLogger(OpenRouterConfiguration.class);

	/** Retries chat calls with spring-retry: see {@link ChatRetryPolicy} and {@link ChatBackOffPolicy}. */
	static RetryTemplate chatRetry(OpenRouterRetryProperties properties, Clock clock) {
		Sleeper sleeper = new ThreadWaitSleeper();
		ExponentialRandomBackOffPolicy exponential = new ExponentialRandomBackOffPolicy();
		exponential.setInitialInterval(properties.initialBackOff().toMillis());
		exponential.setMultiplier(2.0);
		exponential.setMaxInterval(properties.maxBackOff().toMillis());
		exponential.setSleeper(sleeper);
		RetryTemplate template = new RetryTemplate();
		template.setRetryPolicy(new ChatRetryPolicy(properties.maxAttempts(), properties.deadline(), clock));
		template.setBackOffPolicy(new ChatBackOffPolicy(exponential, sleeper));
		template.setThrowLastExceptionOnExhausted(true);
		return template;
	}

	@Bean
	OpenRouterErrors openRouterErrors(ObjectMapper json, Clock clock) {
		return new OpenRouterErrors(json, clock);
	}

	@Bean
	OpenRouterHttp openRouterHttp(RestClient.Builder builder, OpenRouterProperties properties,
			ObjectProvider<SslBundles> bundles) {
		SSLContext tls = null;
		if (!properties.sslBundle().isBlank()) {
			tls = bundles.getObject().getBundle(properties.sslBundle()).createSslContext();
		}
		return new OpenRouterHttp(builder, properties, tls);
	}

	@Bean
	StreamDrain streamDrain(StreamProperties streams) {
		return new StreamDrain(streams.shutdownGrace());
	}

	@Bean
	OpenRouterClient openRouterClient(OpenRouterHttp clients, OpenRouterProperties properties,
			OpenRouterErrors errors, OpenRouterRetryProperties retry, Clock clock, StreamDrain drain, ObjectMapper json,
			ObjectProvider<MeterRegistry> registry, ObjectProvider<KeyRefusals> refusals) {
		Connections http = new Connections(() -> clients.jdkClient(properties.connectTimeout()),
				OpenRouterHttp.version(properties) == HttpClient.Version.HTTP_2,
				properties.connectTimeout().plus(properties.readTimeout()));
		Map<String, String> attribution = Map.of("HTTP-Referer", properties.httpReferer(), "X-Title",
				properties.appTitle());
		ClientTimers timers = new ClientTimers(registry.getIfAvailable(SimpleMeterRegistry::new),
				URI.create(properties.base()).getHost());
		// the renewal engine, told of a refused key as soon as the refusal's headers are read
		KeyRefusals early = (key) -> refusals.ifAvailable((told) -> told.refused(key));
		JsonExchange exchange = new JsonExchange(http, properties.base(), attribution,
				clients.deadlines(properties.readTimeout()), errors, timers, early);
		OpenRouterClient.Streams streams = new OpenRouterClient.Streams(http, properties.base(), attribution,
				properties.readTimeout(), clients.ticker(), clients.heartbeatWriters(), drain, early);
		return new OpenRouterClient(exchange, json, errors, chatRetry(retry, clock), streams);
	}

	private static boolean unavailableOrTimedOut(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof OpenRouterException upstream) {
				return upstream.upstream() == UpstreamFailure.UNAVAILABLE || upstream.upstream() == UpstreamFailure.TIMEOUT;
			}
		}
		return false;
	}

	@Bean
	KeyProvisioningClient keyProvisioningClient(OpenRouterHttp clients, KeyProvisioningProperties properties,
			OpenRouterErrors errors, Clock clock, ObjectProvider<FleetMintPause> fleetPause) {
		RestClient http = clients.client(properties.connectTimeout(), properties.readTimeout());
		RetryTemplate idempotentRetry = RetryTemplate.builder()
			.maxAttempts(3)
			.exponentialBackoff(Duration.ofMillis(100), 2.0, Duration.ofSeconds(1), true)
			// Mints and deletes wait for nobody: a 429 is answered at once (the breaker counts it).
			.retryOn(OpenRouterConfiguration::unavailableOrTimedOut)
			.build();
		ProvisioningCircuit circuit = new ProvisioningCircuit(properties.failureThreshold(), properties.coolDown(),
				properties.maxCoolDown(), clock, fleetPause.getIfAvailable(() -> FleetMintPause.LOCAL));
		KeyProvisioningClient client = new KeyProvisioningClient(http, errors, properties, idempotentRetry, circuit);
		if (!client.isConfigured()) {
			log.warn("OPENROUTER_PROVISIONING_KEY is not set: users without a key get 503 "
					+ "provisioning_not_configured until it is");
		}
		return client;
	}

	@Bean
	ProvisioningHealthIndicator provisioningHealthIndicator(KeyProvisioningClient provisioning) {
		return new ProvisioningHealthIndicator(provisioning);
	}

	/** 1 while mints are paused (this replica's breaker, or the fleet's pause), else 0: for alerts. */
	@Bean
	io.micrometer.core.instrument.binder.MeterBinder provisioningPausedGauge(KeyProvisioningClient provisioning) {
		return (registry) -> io.micrometer.core.instrument.Gauge
			.builder("openrouter.provisioning.paused", provisioning,
					(client) -> "OPEN".equals(client.mintCircuitState()) ? 1 : 0)
			.description("1 while key mints are paused after repeated failures")
			.register(registry);
	}

}
