package io.autorenew.spend;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger's writer with a store that fails on demand (a recording fake): entries taken while
 * the store is down are all written once it is back, in order; past the writer's capacity each
 * entry it cannot keep is counted as dropped; a call whose usage never came is counted as
 * unpriced and enters nothing.
 */
class SpendTests {

	private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

	private final FailingLedger store = new FailingLedger();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private Spend spend;

	@AfterEach
	void stop() {
		if (this.spend != null) {
			this.store.down.set(false);
			this.spend.stop();
		}
	}

	@Test
	void entriesTakenWhileTheStoreIsDownAreWrittenOnceItIsBack() throws Exception {
		this.store.down.set(true);
		this.spend = started(100);

		for (int i = 0; i < 20; i++) {
			call("user-" + i);
		}
		assertThat(this.store.failedAttempts.await(5, TimeUnit.SECONDS)).as("the writer tried the store").isTrue();
		assertThat(this.store.written).isEmpty();
		this.store.down.set(false);

		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.store.written.size() == 20);
		assertThat(this.store.written).extracting(SpendEntry::userId).startsWith("user-0", "user-1").endsWith("user-19");
		assertThat(this.registry.get("openrouter.spend.entries").tag("outcome", "written").counter().count())
			.isEqualTo(20);
		assertThat(this.registry.get("openrouter.spend.entries").tag("outcome", "dropped").counter().count()).isZero();
	}

	@Test
	void pastItsCapacityTheWriterCountsWhatItCannotKeep() throws Exception {
		this.store.down.set(true);
		this.spend = started(5);
		call("first");
		assertThat(this.store.failedAttempts.await(5, TimeUnit.SECONDS)).isTrue();

		for (int i = 0; i < 8; i++) {
			call("more-" + i);
		}

		assertThat(this.registry.get("openrouter.spend.entries").tag("outcome", "dropped").counter().count())
			.as("one batch in the writer's hands, five queued, three dropped").isEqualTo(3);
		this.store.down.set(false);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.store.written.size() == 6);
	}

	@Test
	void aCallWhoseUsageNeverCameIsUnpricedAndEntersNothing() {
		this.spend = started(10);
		SpendMeter meter = this.spend.meter("alice", "chat", "****abcd");
		meter.see(JsonMapper.shared().readTree("{\"model\":\"openai/gpt-4o-mini\",\"choices\":[]}"));

		meter.finish(SpendMeter.CALLER_LEFT);
		meter.finish(SpendMeter.OK);

		assertThat(this.registry.get("openrouter.spend.unpriced").tag("api", "chat").counter().count()).isEqualTo(1);
		assertThat(this.spend.pending()).isZero();
		assertThat(this.store.written).isEmpty();
	}

	@Test
	void theMessagesApisUsageIsAddedUpFromItsEvents() {
		this.spend = started(10);
		SpendMeter meter = this.spend.meter("alice", "messages", "****abcd");

		meter.see(JsonMapper.shared().readTree("{\"type\":\"message_start\",\"message\":{\"model\":\"anthropic/claude-haiku-4.5\","
				+ "\"usage\":{\"input_tokens\":30,\"output_tokens\":1,\"cache_read_input_tokens\":20}}}"));
		meter.see(JsonMapper.shared().readTree("{\"type\":\"message_delta\",\"usage\":{\"output_tokens\":40,\"cost\":0.00021}}"));
		meter.finish(SpendMeter.OK);

		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.store.written.size() == 1);
		SpendEntry entry = this.store.written.get(0);
		assertThat(entry.model()).isEqualTo("anthropic/claude-haiku-4.5");
		assertThat(entry.inputTokens()).isEqualTo(30);
		assertThat(entry.outputTokens()).isEqualTo(40);
		assertThat(entry.cachedTokens()).isEqualTo(20);
		assertThat(entry.costUsd()).isEqualByComparingTo(new BigDecimal("0.00021"));
		assertThat(entry.keyLast4()).isEqualTo("abcd");
		assertThat(entry.at()).isEqualTo(NOW);
	}

	private Spend started(int capacity) {
		Spend started = new Spend(this.store, Clock.fixed(NOW, ZoneOffset.UTC), this.registry, capacity, (users) -> {
		});
		started.start();
		return started;
	}

	private void call(String user) {
		SpendMeter meter = this.spend.meter(user, "chat", "****abcd");
		meter.see(JsonMapper.shared().readTree("{\"model\":\"m\",\"usage\":{\"prompt_tokens\":1,\"cost\":0.001}}"));
		meter.finish(SpendMeter.OK);
	}

	/** A store that records what it took and refuses everything while {@link #down}. */
	private static final class FailingLedger implements SpendLedger {

		final AtomicBoolean down = new AtomicBoolean();

		final List<SpendEntry> written = new CopyOnWriteArrayList<>();

		final CountDownLatch failedAttempts = new CountDownLatch(1);

		@Override
		public void record(List<SpendEntry> entries) {
			if (this.down.get()) {
				this.failedAttempts.countDown();
				throw new IllegalStateException("store down");
			}
			this.written.addAll(entries);
		}

	}

}
