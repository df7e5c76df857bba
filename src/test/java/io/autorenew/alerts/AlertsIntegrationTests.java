package io.autorenew.alerts;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;

import io.autorenew.support.AlertReceiver;
import io.autorenew.support.AlertReceiver.Received;
import io.autorenew.support.IntegrationTest;
import io.autorenew.support.MongoWireServer;
import io.autorenew.support.SpendDays;
import io.autorenew.support.Tokens;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's webhook ({@link AlertReceiver}, over real HTTP) gets one signed JSON event per
 * suspension, resume and budget threshold; a webhook that fails is tried again with a growing
 * pause, and the outcome counted.
 */
class AlertsIntegrationTests extends IntegrationTest {

	@Autowired
	private MeterRegistry registry;

	@Test
	void aSuspendAndAResumeEachSendOneSignedAlert() {
		admin("/admin/users/carol/suspend?create=true");
		admin("/admin/users/carol/suspend?create=true");
		admin("/admin/users/carol/resume");

		Received suspended = awaitOne("user_suspended");
		Received resumed = awaitOne("user_resumed");
		JsonNode body = suspended.json();
		assertThat(body.path("userId").asString()).isEqualTo("carol");
		assertThat(body.path("id").asString()).isEqualTo(suspended.id());
		assertThat(body.path("at").asString()).isNotBlank();
		assertThat(suspended.signedWith(AlertReceiver.SECRET)).isTrue();
		assertThat(suspended.signedWith("another-secret-0123456789-abcdefghij-KLM")).isFalse();
		assertThat(resumed.signedWith(AlertReceiver.SECRET)).isTrue();
		assertThat(AlertReceiver.ofType("user_suspended")).as("suspending again changes nothing").hasSize(1);
	}

	@Test
	void spendReachingEightyAndThenAHundredPercentOfTheBudgetAlertsOnceEach() {
		admin("/admin/users/erin/budget?create=true", "{\"limitUsd\": 0.01}");
		SpendDays.seed(LocalDate.now(ZoneOffset.UTC), "erin", "anthropic/claude-haiku-4.5", 1, 7_999_000L);

		analyse("erin");
		Received eighty = awaitOne("budget_threshold");
		SpendDays.seed(LocalDate.now(ZoneOffset.UTC), "erin", "google/gemini-2.5-flash", 1, 2_000_000L);
		analyse("erin");
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> AlertReceiver.ofType("budget_threshold").size() == 2);
		analyse("erin");

		assertThat(eighty.json().path("details").path("percent").asInt()).isEqualTo(80);
		assertThat(eighty.json().path("details").path("budgetUsd").decimalValue()).isEqualByComparingTo("0.01");
		assertThat(eighty.json().path("details").path("spentUsd").decimalValue()).isEqualByComparingTo("0.008012");
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> writtenEntries() == 3);
		assertThat(AlertReceiver.ofType("budget_threshold")).extracting((alert) -> alert.json().path("details").path("percent").asInt())
			.as("each threshold once, however many calls pass it").containsExactly(80, 100);
	}

	@Test
	void aFailingWebhookIsTriedAgainUntilItTakesTheAlert() {
		double retriedBefore = retries("user_suspended");
		AlertReceiver.answer(500, 2);

		admin("/admin/users/dora/suspend?create=true");

		Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> AlertReceiver.received().size() == 3);
		assertThat(AlertReceiver.received()).extracting(Received::id).containsOnly(AlertReceiver.received().get(0).id());
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.until(() -> this.registry.find("alerts.sent").tag("type", "user_suspended").tag("outcome", "delivered")
				.counter() != null);
		assertThat(retries("user_suspended") - retriedBefore).isEqualTo(2);
	}

	/** The context, and its meters, outlive this class: counted from what this test found. */
	private double retries(String type) {
		Counter retries = this.registry.find("alerts.retries").tag("type", type).counter();
		return (retries != null) ? retries.count() : 0;
	}

	private void admin(String path) {
		assertThat(this.api.postEmpty(path, Tokens.admin()).status()).isEqualTo(200);
	}

	private void admin(String path, String body) {
		assertThat(this.api.exchangeJson("PUT", path, Tokens.admin(), body).status()).isEqualTo(200);
	}

	private void analyse(String user) {
		assertThat(this.api.analyse(Tokens.user(user), "{\"prompt\":\"hello\"}").status()).isEqualTo(200);
	}

	/** Bounded: alerts are sent off the request path. */
	private static Received awaitOne(String type) {
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !AlertReceiver.ofType(type).isEmpty());
		return AlertReceiver.ofType(type).get(0);
	}

	private static long writtenEntries() {
		return MongoWireServer.database().getCollection("spend_entries").countDocuments();
	}

}
