package io.autorenew.renewal;

import java.time.Duration;
import java.time.Instant;

import io.autorenew.hygiene.InMemoryPendingDeletes;
import io.autorenew.hygiene.KeyRetirer;
import io.autorenew.keys.InMemoryKeyStore;
import io.autorenew.keys.KeyMetrics;
import io.autorenew.keys.RecordingEventLog;
import io.autorenew.keys.RecordingProvisioner;
import io.autorenew.keys.UserKey;
import io.autorenew.money.CapProperties;
import io.autorenew.money.KeyLimits;
import io.autorenew.money.MintCaps;
import io.autorenew.support.MutableClock;
import io.autorenew.support.QueuedExecutor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * A {@link KeyRenewer} wired to fakes that record: an in-memory store, a recording
 * provisioner, a recording audit log, a real in-memory meter registry, a clock the test
 * moves and an executor that runs background work only when asked.
 */
public final class RenewalFixture {

	public static final Instant START = Instant.parse("2026-11-29T12:00:00Z");

	public static final Duration TTL = Duration.ofDays(30);

	public static final Duration RENEW_BEFORE = Duration.ofDays(3);

	public final MutableClock clock = new MutableClock(START);

	public final InMemoryKeyStore store = new InMemoryKeyStore();

	public final RecordingProvisioner provisioner;

	public final RecordingEventLog events = new RecordingEventLog();

	public final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	public final QueuedExecutor background = new QueuedExecutor();

	public final KeyCache cache = new KeyCache(1000);

	public static final Duration GRACE = Duration.ofMinutes(2);

	public final InMemoryPendingDeletes pending = new InMemoryPendingDeletes();

	public final InMemoryKeyClaims claims = new InMemoryKeyClaims(this.clock, Duration.ofSeconds(30));

	public final KeyRenewer renewer;

	public final KeyRetirer retirer;

	/**
	 * What the renewals did with the retiring key's spend and the new key, in order: {@code carried
	 * <hash>} when the save waited for the carry ({@code KeyLimits.carried}); the store's writes
	 * are seen in {@link #store}.
	 */
	public final java.util.List<String> carries = new java.util.concurrent.CopyOnWriteArrayList<>();

	/** When set, the wait for a carry beside the mint throws it, as a store that went down would. */
	public volatile RuntimeException carryFails;

	/** The keys whose spend a renewal read ahead ({@code KeyLimits.readAhead}), in order. */
	public final java.util.List<String> readAhead = new java.util.concurrent.CopyOnWriteArrayList<>();

	public RenewalFixture() {
		this(null);
	}

	/** Keys expire {@code ttl} after minting ({@code null}: never). */
	public RenewalFixture(Duration ttl) {
		this(ttl, new RenewalThreads(4));
	}

	/** Keys expire {@code ttl} after minting; renewals' critical paths run on {@code urgent}. */
	RenewalFixture(Duration ttl, RenewalThreads urgent) {
		this.provisioner = new RecordingProvisioner(this.clock, ttl);
		KeyMetrics metrics = new KeyMetrics(this.meters);
		KeyReplacement replacement = new KeyReplacement(this.store, this.provisioner, this.events, metrics,
				this.clock, this.pending, GRACE, new MintCaps(new CapProperties(null, null, null), null, this.clock,
						this.events, null, java.math.BigDecimal.ONE, Duration.ofSeconds(30), this.meters),
				new KeyLimits() {

					@Override
					public java.math.BigDecimal forNextKey(String userId, UserKey retiring) {
						return java.math.BigDecimal.valueOf(5);
					}

					@Override
					public void readAhead(UserKey retiring, java.util.concurrent.Executor executor) {
						RenewalFixture.this.readAhead.add(retiring.keyHash());
					}

					@Override
					public void carried(UserKey retiring) {
						RenewalFixture.this.carries.add("carried " + retiring.keyHash() + ", stored "
								+ RenewalFixture.this.store.find(retiring.userId()).map(UserKey::keyHash).orElse(null));
						RuntimeException down = RenewalFixture.this.carryFails;
						if (down != null) {
							throw down;
						}
					}

					@Override
					public void retired(String userId, String keyHash) {
					}

					@Override
					public void minted(String userId, String keyHash, java.math.BigDecimal limitUsd) {
					}

				});
		this.retirer = new KeyRetirer(this.pending, this.store, this.provisioner, metrics, this.clock);
		this.renewer = new KeyRenewer(this.store, replacement, new SingleFlight(Duration.ofSeconds(10)),
				new ClaimedMint(this.claims, this.store, metrics, this.clock, Duration.ofMillis(200)), this.cache,
				metrics, this.clock, RENEW_BEFORE, this.background, urgent);
	}

	public double minted(String reason) {
		var counter = this.meters.find("openrouter.keys.minted").tag("reason", reason).counter();
		return (counter != null) ? counter.count() : 0;
	}

	public double count(String name) {
		// every series of the counter, whatever its tags
		return this.meters.find(name).counters().stream().mapToDouble((counter) -> counter.count()).sum();
	}

}
