package io.autorenew.alerts;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;

/**
 * Operators' alerts, sent to {@code ALERT_WEBHOOK_URL} as a JSON {@code POST} signed with
 * HMAC-SHA256: a user's spend reaching 80 % and 100 % of their budget (once per user, period
 * and threshold), a suspension or a resume, a cap starting to refuse (once per cap and hour).
 * Each alert is claimed in the store first, so one replica sends it however many saw the event;
 * it is sent off the request path and tried again with a growing pause ({@link #ATTEMPTS} in all).
 * The signature header is {@code X-Alert-Signature: sha256=<hex>} of
 * {@code <X-Alert-Timestamp>.<body>}. Counted in {@code alerts.sent{type, outcome}}.
 */
public final class Alerts {

	/** Attempts to deliver one alert, the first included. */
	static final int ATTEMPTS = 4;

	static final String SIGNATURE = "X-Alert-Signature";

	static final String TIMESTAMP = "X-Alert-Timestamp";

	static final String ID = "X-Alert-Id";

	private static final Logger log = LoggerFactory.getLogger(Alerts.class);

	private final AlertProperties properties;

	private final AlertClaims claims;

	private final HttpClient http;

	private final ObjectMapper json;

	private final Clock clock;

	private final MeterRegistry registry;

	private final ScheduledExecutorService executor;

	private final Duration firstRetry;

	/** Alerts this replica raised already: the store is asked once per alert, not once per call. */
	private final Cache<String, Boolean> raised = Caffeine.newBuilder()
		.maximumSize(100_000)
		.expireAfterWrite(Duration.ofDays(2))
		.build();

	Alerts(AlertProperties properties, AlertClaims claims, HttpClient http, ObjectMapper json, Clock clock,
			MeterRegistry registry, ScheduledExecutorService executor, Duration firstRetry) {
		this.properties = properties;
		this.claims = claims;
		this.http = http;
		this.json = json;
		this.clock = clock;
		this.registry = registry;
		this.executor = executor;
		this.firstRetry = firstRetry;
	}

	/** Stops sending: alerts still waiting for a retry are dropped. */
	void close() {
		this.executor.shutdownNow();
	}

	/** The user's spend this period reached {@code percent} of their budget. */
	public void budgetReached(String userId, Instant periodStart, int percent, BigDecimal spentUsd,
			BigDecimal budgetUsd) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("percent", percent);
		details.put("periodStart", periodStart.toString());
		details.put("spentUsd", spentUsd);
		details.put("budgetUsd", budgetUsd);
		raise("budget_threshold", userId, "budget_threshold|" + userId + "|" + periodStart + "|" + percent, details);
	}

	/** An operator suspended the user (this replica changed the mark). */
	public void suspended(String userId) {
		raise("user_suspended", userId, "user_suspended|" + userId + "|" + this.clock.millis(), Map.of());
	}

	/** An operator resumed the user (this replica changed the mark). */
	public void resumed(String userId) {
		raise("user_resumed", userId, "user_resumed|" + userId + "|" + this.clock.millis(), Map.of());
	}

	/** The cap {@code cap} refused a mint: sent once an hour per cap. */
	public void capRefusing(String cap) {
		Instant hour = this.clock.instant().truncatedTo(ChronoUnit.HOURS);
		raise("cap_refusing", null, "cap_refusing|" + cap + "|" + hour, Map.of("cap", cap));
	}

	private void raise(String type, String userId, String id, Map<String, Object> details) {
		if (!this.properties.enabled() || this.raised.asMap().putIfAbsent(id, Boolean.TRUE) != null) {
			return;
		}
		Alert alert = new Alert(id, type, userId, this.clock.instant(), details);
		this.executor.execute(() -> claimAndSend(alert, 1));
	}

	private void claimAndSend(Alert alert, int attempt) {
		boolean ours;
		try {
			ours = this.claims.claim(alert);
		}
		catch (RuntimeException storeDown) {
			retry(alert, attempt, "the store could not claim it: " + storeDown);
			return;
		}
		if (!ours) {
			count(alert, "claimed_elsewhere");
			return;
		}
		send(alert, attempt);
	}

	private void send(Alert alert, int attempt) {
		try {
			byte[] body = this.json.writeValueAsBytes(alert);
			String timestamp = Long.toString(this.clock.instant().getEpochSecond());
			HttpRequest request = HttpRequest.newBuilder(URI.create(this.properties.webhookUrl()))
				.timeout(Duration.ofSeconds(10))
				.header("Content-Type", "application/json")
				.header(ID, alert.id())
				.header(TIMESTAMP, timestamp)
				.header(SIGNATURE, "sha256=" + sign(timestamp, body))
				.POST(HttpRequest.BodyPublishers.ofByteArray(body))
				.build();
			int status = this.http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
			if (status >= 200 && status < 300) {
				count(alert, "delivered");
				return;
			}
			retrySend(alert, attempt, "the webhook answered " + status);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (java.io.IOException | RuntimeException ex) {
			retrySend(alert, attempt, "the webhook could not be reached: " + ex.getClass().getSimpleName());
		}
	}

	/** Claiming failed (the store): the whole step again after a pause, or the alert given up after the last. */
	private void retry(Alert alert, int attempt, String why) {
		again(alert, attempt, why, () -> claimAndSend(alert, attempt + 1));
	}

	/** Delivery failed (the webhook): the post again after a pause, counted, or given up after the last. */
	private void retrySend(Alert alert, int attempt, String why) {
		if (again(alert, attempt, why, () -> send(alert, attempt + 1))) {
			this.registry.counter("alerts.retries", "type", alert.type()).increment();
		}
	}

	/** Schedules {@code next} unless {@code attempt} was the last; whether it did. */
	private boolean again(Alert alert, int attempt, String why, Runnable next) {
		if (attempt >= ATTEMPTS) {
			count(alert, "failed");
			log.warn("Alert {} not sent after {} attempts: {}", alert.id(), attempt, why);
			return false;
		}
		this.executor.schedule(next, pause(attempt), TimeUnit.MILLISECONDS);
		return true;
	}

	private long pause(int attempt) {
		return this.firstRetry.toMillis() << Math.min(attempt - 1, 10);
	}

	private void count(Alert alert, String outcome) {
		this.registry.counter("alerts.sent", "type", alert.type(), "outcome", outcome).increment();
	}

	private String sign(String timestamp, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.properties.webhookSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

}
