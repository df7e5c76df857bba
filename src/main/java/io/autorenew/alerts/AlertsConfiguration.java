package io.autorenew.alerts;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;

import io.autorenew.store.InstanceId;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.ObjectMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoOperations;

/** Wires operators' alerts: the claims in the store and the webhook's sender, on a thread of their own. */
@Configuration(proxyBeanMethods = false)
class AlertsConfiguration {

	/** The pause before the second attempt; each later one doubles it. */
	static final Duration FIRST_RETRY = Duration.ofSeconds(1);

	@Bean(destroyMethod = "close")
	Alerts alerts(AlertProperties properties, MongoOperations mongo, InstanceId instance, ObjectMapper json, Clock clock,
			MeterRegistry registry) {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		return new Alerts(properties, new AlertClaims(mongo, instance.value()), http, json, clock, registry,
				Executors.newSingleThreadScheduledExecutor((task) -> {
					Thread thread = new Thread(task, "alerts");
					thread.setDaemon(true);
					return thread;
				}), FIRST_RETRY);
	}

}
