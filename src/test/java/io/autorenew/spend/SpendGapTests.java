package io.autorenew.spend;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.autorenew.keys.KeyNames;
import io.autorenew.keys.RecordingProvisioner;
import io.autorenew.openrouter.KeyProvisioningClient.ListedKey;
import io.autorenew.support.MongoWireServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger against OpenRouter's own count for today: the deployment's keys' {@code usage_daily}
 * (another app's keys left out) minus the ledger's daily totals of today (other days left out),
 * on the Mongo-wire store and a recording key API.
 */
class SpendGapTests {

	private static final Instant NOW = Instant.parse("2026-12-07T15:00:00Z");

	private final MongoClient store = MongoClients.create(MongoWireServer.uri());

	private final RecordingProvisioner openRouter = new RecordingProvisioner();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final SpendGap gap = new SpendGap(this.openRouter, new KeyNames(KeyNames.DEFAULT_PREFIX),
			new SpendReport(new MongoTemplate(this.store, MongoWireServer.DATABASE)), Clock.fixed(NOW, ZoneOffset.UTC),
			this.registry);

	@BeforeEach
	void emptyStore() {
		MongoWireServer.reset();
	}

	@AfterEach
	void close() {
		this.store.close();
	}

	@Test
	void theGapIsWhatOpenRouterCountedTodayBeyondTheLedger() {
		listed("hash-a", KeyNames.DEFAULT_PREFIX + ":alice:1", 0.25);
		listed("hash-b", KeyNames.DEFAULT_PREFIX + ":bob:1", 0.5);
		listed("hash-other", "billing-app:key", 9.0);
		day(LocalDate.of(2026, 12, 7), "alice", 200_000_000L);
		day(LocalDate.of(2026, 12, 7), "bob", 500_000_000L);
		day(LocalDate.of(2026, 12, 6), "bob", 3_000_000_000L);

		this.gap.check();

		assertThat(this.registry.get("openrouter.spend.gap").gauge().value()).isCloseTo(0.05, Offset.offset(1e-9));
	}

	@Test
	void aFailingKeyApiLeavesTheLastValue() {
		listed("hash-a", KeyNames.DEFAULT_PREFIX + ":alice:1", 0.25);
		this.gap.check();
		this.openRouter.failingLists = true;

		this.gap.check();

		assertThat(this.registry.get("openrouter.spend.gap").gauge().value()).isEqualTo(0.25);
	}

	private void listed(String hash, String name, double usageDaily) {
		this.openRouter.live.put(hash, new ListedKey(hash, name, "sk-or-v1-abc...def", NOW, usageDaily));
	}

	private static void day(LocalDate day, String user, long costNanoUsd) {
		MongoWireServer.database()
			.getCollection(MongoSpendLedger.DAILY)
			.insertOne(new Document("_id", day + "|m|" + user)
				.append("day", Date.from(day.atStartOfDay(ZoneOffset.UTC).toInstant()))
				.append("user_id", user)
				.append("model", "m")
				.append("calls", 1L)
				.append("cost_nano_usd", costNanoUsd));
	}

}
