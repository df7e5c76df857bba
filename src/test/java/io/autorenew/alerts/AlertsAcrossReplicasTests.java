package io.autorenew.alerts;

import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.autorenew.support.AlertReceiver;
import io.autorenew.support.MongoWireServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas that see the same event at the same moment (released by one latch) send one
 * alert: the store's claim decides which, over the real wire protocol, and the webhook
 * ({@link AlertReceiver}, real HTTP) gets one post. A cap's alert is sent once an hour.
 */
class AlertsAcrossReplicasTests {

	private static final Instant NOW = Instant.parse("2026-12-07T10:20:00Z");

	private static final Instant PERIOD = Instant.parse("2026-12-01T00:00:00Z");

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final MongoClient store = MongoClients.create(MongoWireServer.uri());

	private Alerts replicaA;

	private Alerts replicaB;

	@BeforeEach
	void twoReplicas() {
		MongoWireServer.reset();
		AlertReceiver.reset();
		this.replicaA = replica("replica-a");
		this.replicaB = replica("replica-b");
	}

	@AfterEach
	void stop() {
		this.replicaA.close();
		this.replicaB.close();
		this.store.close();
	}

	@Test
	void aThresholdBothReplicasSeeAtOnceIsSentOnce() throws Exception {
		CountDownLatch go = new CountDownLatch(1);
		CountDownLatch done = new CountDownLatch(2);
		for (Alerts replica : new Alerts[] { this.replicaA, this.replicaB }) {
			new Thread(() -> {
				try {
					go.await(5, TimeUnit.SECONDS);
					replica.budgetReached("alice", PERIOD, 80, new BigDecimal("4.1"), new BigDecimal("5"));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				finally {
					done.countDown();
				}
			}).start();
		}
		go.countDown();
		assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();

		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> count("delivered") + count("claimed_elsewhere") == 2);
		assertThat(count("delivered")).isEqualTo(1);
		assertThat(AlertReceiver.received()).hasSize(1);
		assertThat(AlertReceiver.received().get(0).json().path("id").asString())
			.isEqualTo("budget_threshold|alice|2026-12-01T00:00:00Z|80");
	}

	@Test
	void aCapThatKeepsRefusingAlertsOnceAnHour() {
		for (int i = 0; i < 5; i++) {
			this.replicaA.capRefusing("mints");
			this.replicaB.capRefusing("mints");
		}

		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> count("delivered") == 1);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> count("claimed_elsewhere") == 1);
		assertThat(AlertReceiver.ofType("cap_refusing")).hasSize(1);
		assertThat(AlertReceiver.received().get(0).json().path("details").path("cap").asString()).isEqualTo("mints");
	}

	private double count(String outcome) {
		return this.registry.find("alerts.sent").tag("outcome", outcome).counters().stream()
			.mapToDouble(io.micrometer.core.instrument.Counter::count)
			.sum();
	}

	private Alerts replica(String instance) {
		return new Alerts(new AlertProperties(AlertReceiver.url(), AlertReceiver.SECRET),
				new AlertClaims(new MongoTemplate(this.store, MongoWireServer.DATABASE), instance),
				HttpClient.newHttpClient(), JsonMapper.shared(), Clock.fixed(NOW, ZoneOffset.UTC), this.registry,
				Executors.newSingleThreadScheduledExecutor(), Duration.ofMillis(100));
	}

}
