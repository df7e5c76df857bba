package io.autorenew.spend;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.autorenew.keys.KeyNames;
import io.autorenew.keys.RecordingProvisioner;
import io.autorenew.openrouter.ListedKey;
import io.autorenew.support.MongoWireServer;
import io.autorenew.support.SpendDays;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
		SpendDays.seed(LocalDate.of(2026, 12, 7), "alice", "m", 1, 200_000_000L);
		SpendDays.seed(LocalDate.of(2026, 12, 7), "bob", "m", 1, 500_000_000L);
		SpendDays.seed(LocalDate.of(2026, 12, 6), "bob", "m", 1, 3_000_000_000L);

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

}
