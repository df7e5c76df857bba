package io.autorenew.spend;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.TreeSet;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.autorenew.web.RequestIds;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.context.SmartLifecycle;

/**
 * The spend ledger's front: every finished call of every API gets a {@link SpendMeter}, and its
 * entry is counted in the spend meters at once ({@link SpendCounters}) and written to the store
 * off the request path, by one writer in batches. While the store is down the writer keeps the
 * entries (up to {@link #CAPACITY}) and tries again with a growing pause, so an outage loses
 * none of them; past that, each entry it cannot keep is counted
 * ({@code openrouter.spend.entries{outcome=dropped}}).
 */
public final class Spend implements SmartLifecycle {

	/** Entries kept in memory while the store cannot take them. */
	static final int CAPACITY = 10_000;

	private static final int BATCH = 200;

	private static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);

	private static final Logger log = LoggerFactory.getLogger(Spend.class);

	private final SpendLedger ledger;

	private final Clock clock;

	private final MeterRegistry registry;

	private final int capacity;

	private final BlockingQueue<SpendEntry> queue;

	private final SpendCounters counters;

	private final Counter stored;

	private final Counter dropped;

	private volatile boolean running;

	private Thread writer;

	/** Told the users of each batch once it is stored. */
	private final Consumer<Collection<String>> written;

	Spend(SpendLedger ledger, Clock clock, MeterRegistry registry, Consumer<Collection<String>> written) {
		this(ledger, clock, registry, CAPACITY, written);
	}

	/**
	 * @param capacity the entries kept in memory while the store cannot take them
	 * @param written told the users of each batch once it is stored (the budget alerts)
	 */
	Spend(SpendLedger ledger, Clock clock, MeterRegistry registry, int capacity,
			Consumer<Collection<String>> written) {
		this.capacity = capacity;
		this.written = written;
		this.queue = new ArrayBlockingQueue<>(capacity);
		this.ledger = ledger;
		this.clock = clock;
		this.registry = registry;
		this.stored = entries("written");
		this.dropped = entries("dropped");
		this.counters = new SpendCounters(registry);
	}

	/**
	 * A meter for one call of {@code api} by {@code userId}, paid with the key labelled
	 * {@code keyLabel} ({@code ****abcd}); the request's id is the one in the log context.
	 */
	public SpendMeter meter(String userId, String api, String keyLabel) {
		String last4 = (keyLabel != null && keyLabel.length() >= 4) ? keyLabel.substring(keyLabel.length() - 4) : "";
		return new SpendMeter(this, userId, api, last4, MDC.get(RequestIds.MDC_KEY));
	}

	Instant now() {
		return this.clock.instant();
	}

	void accept(SpendEntry entry) {
		this.counters.count(entry);
		if (!this.queue.offer(entry)) {
			this.dropped.increment();
			log.warn("The spend ledger holds {} entries the store has not taken: an entry of user {} is dropped",
					this.capacity, entry.userId());
		}
	}

	void unpriced(String api) {
		this.counters.unpriced(api);
	}

	/** Entries taken but not yet in the store. */
	int pending() {
		return this.queue.size();
	}

	private Counter entries(String outcome) {
		return Counter.builder("openrouter.spend.entries")
			.description("Spend ledger entries, by what became of them")
			.tag("outcome", outcome)
			.register(this.registry);
	}

	private void write() {
		List<SpendEntry> batch = new ArrayList<>(BATCH);
		while (this.running || !this.queue.isEmpty()) {
			try {
				SpendEntry first = this.queue.poll(200, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				this.queue.drainTo(batch, BATCH - 1);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			store(batch);
			batch.clear();
		}
	}

	/** Writes one batch, trying again while the service runs; what is still unwritten at the stop is counted. */
	private void store(List<SpendEntry> batch) {
		Duration pause = Duration.ofMillis(250);
		boolean failing = false;
		while (true) {
			try {
				this.ledger.record(batch);
				this.stored.increment(batch.size());
				if (failing) {
					log.info("The spend ledger is written again: {} entries kept through the store's outage",
							batch.size() + this.queue.size());
				}
				break;
			}
			catch (RuntimeException ex) {
				if (!this.running) {
					this.dropped.increment(batch.size());
					log.warn("The service stops and the store cannot take {} spend ledger entries: {}", batch.size(),
							ex.toString());
					return;
				}
				if (!failing) {
					log.warn("The store cannot take the spend ledger's entries; they are kept and written once it "
							+ "can: {}", ex.toString());
					failing = true;
				}
				LockSupport.parkNanos(pause.toNanos());
				pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
			}
		}
		this.written.accept(batch.stream().map(SpendEntry::userId).collect(Collectors.toCollection(TreeSet::new)));
	}

	@Override
	public void start() {
		this.running = true;
		this.writer = new Thread(this::write, "spend-ledger");
		this.writer.setDaemon(true);
		this.writer.start();
	}

	/** Stops taking the time to retry: what is queued is written once more, then the writer ends. */
	@Override
	public void stop() {
		this.running = false;
		try {
			this.writer.join(5_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Stops after the web server: the streams that end during its graceful shutdown are written too. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

}
