package io.autorenew.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.autorenew.openrouter.ApiKey;
import io.autorenew.openrouter.ListedKey;
import io.autorenew.openrouter.MintedKey;
import io.autorenew.openrouter.ProvisioningUnavailableException;
import io.autorenew.support.Latches;

/**
 * A {@link KeyProvisioner} that mints numbered keys and records what it was asked, in the
 * manner of okhttp's recording fakes. A mint can be made to fail, or to wait on a latch so a
 * test controls when it finishes. It keeps a list of live keys, as OpenRouter would.
 */
public final class RecordingProvisioner implements KeyProvisioner {

	private final AtomicInteger counter = new AtomicInteger();

	public final List<String> mintedFor = Collections.synchronizedList(new ArrayList<>());

	public final List<MintedKey> minted = Collections.synchronizedList(new ArrayList<>());

	public final List<String> deleted = Collections.synchronizedList(new ArrayList<>());

	public final List<String> disabledChanges = Collections.synchronizedList(new ArrayList<>());

	public final Map<String, ListedKey> live = new ConcurrentHashMap<>();

	private final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();

	public final Map<String, CountDownLatch> entered = new ConcurrentHashMap<>();

	private final Clock clock;

	private final Duration ttl;

	public volatile boolean failing;

	/** {@code GET /keys} fails as an unreachable OpenRouter does. */
	public volatile boolean failingLists;

	/** When set, deletes fail as an outage of OpenRouter's key management would. */
	public volatile boolean failDeletes;

	/** When set, deletes wait until it opens; {@link #deleting} opens when one starts. */
	public volatile CountDownLatch deleteHold;

	public final CountDownLatch deleting = new CountDownLatch(1);

	public RecordingProvisioner() {
		this(Clock.systemUTC(), null);
	}

	/** Mints keys that expire {@code ttl} after minting ({@code null}: never). */
	public RecordingProvisioner(Clock clock, Duration ttl) {
		this.clock = clock;
		this.ttl = ttl;
	}

	/** Makes mints for {@code userId} wait until {@code release} opens. */
	public void hold(String userId, CountDownLatch release) {
		this.holds.put(userId, release);
		this.entered.put(userId, new CountDownLatch(1));
	}

	@Override
	public MintedKey mint(String userId, java.math.BigDecimal limitUsd) {
		this.mintedFor.add(userId);
		CountDownLatch entry = this.entered.get(userId);
		if (entry != null) {
			entry.countDown();
		}
		CountDownLatch hold = this.holds.get(userId);
		if (hold != null) {
			Latches.await(hold);
		}
		if (this.failing) {
			throw new ProvisioningUnavailableException("OpenRouter key mint failed: status 500", Duration.ofSeconds(30),
					null);
		}
		int n = this.counter.incrementAndGet();
		Instant now = this.clock.instant();
		MintedKey key = new MintedKey(new ApiKey("sk-or-v1-minted-%04d-%s".formatted(n, "x".repeat(40))),
				"hash-" + n, (this.ttl != null) ? now.plus(this.ttl) : null);
		this.minted.add(key);
		this.live.put(key.hash(), new ListedKey(key.hash(), KeyNames.DEFAULT_PREFIX + ":" + userId + ":mint-" + n,
				"sk-or-v1-min..." + n, now));
		return key;
	}

	@Override
	public boolean setLimit(String hash, java.math.BigDecimal limitUsd) {
		return this.live.containsKey(hash);
	}

	@Override
	public java.util.Optional<io.autorenew.openrouter.KeyDetails> describe(String hash) {
		return java.util.Optional.empty();
	}

	@Override
	public boolean setDisabled(String hash, boolean disabled) {
		this.disabledChanges.add(hash + (disabled ? " disabled" : " enabled"));
		return this.live.containsKey(hash);
	}

	@Override
	public boolean delete(String hash) {
		if (this.failDeletes) {
			throw new ProvisioningUnavailableException("OpenRouter key delete failed: status 500",
					Duration.ofSeconds(30), null);
		}
		this.deleting.countDown();
		CountDownLatch hold = this.deleteHold;
		if (hold != null) {
			Latches.await(hold);
		}
		this.deleted.add(hash);
		return this.live.remove(hash) != null;
	}

	@Override
	public List<ListedKey> list(int offset) {
		if (this.failingLists) {
			throw new ProvisioningUnavailableException("OpenRouter key list failed: status 500", Duration.ofSeconds(30),
					null);
		}
		List<ListedKey> all = new ArrayList<>(this.live.values());
		return (offset >= all.size()) ? List.of() : all.subList(offset, all.size());
	}

}
