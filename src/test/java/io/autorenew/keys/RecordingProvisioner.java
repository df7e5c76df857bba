package io.autorenew.keys;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.autorenew.openrouter.ApiKey;

/**
 * A {@link KeyProvisioner} that mints numbered keys and records what it was asked, in the
 * manner of okhttp's recording fakes. A mint can be made to fail, or to wait on a latch so a
 * test controls when it finishes.
 */
final class RecordingProvisioner implements KeyProvisioner {

	private final AtomicInteger counter = new AtomicInteger();

	final List<String> mintedNames = Collections.synchronizedList(new ArrayList<>());

	final List<MintedKey> minted = Collections.synchronizedList(new ArrayList<>());

	final List<String> deleted = Collections.synchronizedList(new ArrayList<>());

	private final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();

	final Map<String, CountDownLatch> entered = new ConcurrentHashMap<>();

	volatile boolean failing;

	/** Makes mints for {@code userId} wait until {@code release} opens. */
	void hold(String userId, CountDownLatch release) {
		this.holds.put(userId, release);
		this.entered.put(userId, new CountDownLatch(1));
	}

	@Override
	public MintedKey mint(String name) {
		this.mintedNames.add(name);
		String userId = name.split(":")[1];
		CountDownLatch entry = this.entered.get(userId);
		if (entry != null) {
			entry.countDown();
		}
		CountDownLatch hold = this.holds.get(userId);
		if (hold != null) {
			await(hold);
		}
		if (this.failing) {
			throw new ProvisioningUnavailableException("OpenRouter key mint failed: status 500", Duration.ofSeconds(30),
					null);
		}
		int n = this.counter.incrementAndGet();
		MintedKey key = new MintedKey(new ApiKey("sk-or-v1-minted-%04d-%s".formatted(n, "x".repeat(40))),
				"hash-" + n, null);
		this.minted.add(key);
		return key;
	}

	@Override
	public boolean delete(String hash) {
		this.deleted.add(hash);
		return true;
	}

	@Override
	public void deleteQuietly(String hash, String why) {
		delete(hash);
	}

	private static void await(CountDownLatch latch) {
		try {
			if (!latch.await(10, TimeUnit.SECONDS)) {
				throw new AssertionError("hold was never released");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

}
