package io.autorenew.spend;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.autorenew.keys.KeyNames;
import io.autorenew.keys.KeyProvisioner;
import io.autorenew.openrouter.ListedKey;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares the ledger with OpenRouter's own count: what this deployment's keys spent today
 * ({@code usage_daily} of each key {@code GET /keys} lists under the deployment's name prefix)
 * against the ledger's total for the same UTC day. The difference is the gauge
 * {@code openrouter.spend.gap} (USD; positive: OpenRouter counted more, e.g. streams cut short
 * before their cost came, or keys of today deleted since). Budgets use OpenRouter's figure; this
 * only shows how far the ledger is from it.
 */
final class SpendGap {

	/** The most pages of keys one pass reads. */
	static final int MAX_PAGES = 1000;

	private static final Logger log = LoggerFactory.getLogger(SpendGap.class);

	private final KeyProvisioner provisioning;

	private final KeyNames names;

	private final SpendReport report;

	private final Clock clock;

	private final AtomicReference<Double> gap = new AtomicReference<>(0.0);

	SpendGap(KeyProvisioner provisioning, KeyNames names, SpendReport report, Clock clock, MeterRegistry registry) {
		this.provisioning = provisioning;
		this.names = names;
		this.report = report;
		this.clock = clock;
		Gauge.builder("openrouter.spend.gap", this.gap, AtomicReference::get)
			.description("What this deployment's keys spent today at OpenRouter minus what the ledger holds, USD")
			.baseUnit("usd")
			.register(registry);
	}

	/** One pass; the gauge keeps its last value when OpenRouter or the store cannot answer. */
	void check() {
		try {
			BigDecimal openRouter = BigDecimal.ZERO;
			int offset = 0;
			for (int page = 0; page < MAX_PAGES; page++) {
				List<ListedKey> batch = this.provisioning.list(offset);
				if (batch.isEmpty()) {
					break;
				}
				for (ListedKey key : batch) {
					if (this.names.isOurs(key.name())) {
						openRouter = openRouter.add(BigDecimal.valueOf(key.usageDaily()));
					}
				}
				offset += batch.size();
			}
			LocalDate today = LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC);
			BigDecimal ledger = this.report.spend(today, today, SpendGroup.day, null)
				.stream()
				.map(SpendRow::costUsd)
				.reduce(BigDecimal.ZERO, BigDecimal::add);
			this.gap.set(openRouter.subtract(ledger).doubleValue());
		}
		catch (RuntimeException ex) {
			log.warn("The ledger could not be compared with OpenRouter's usage: {}", ex.toString());
		}
	}

}
