package io.autorenew.keys;

import java.util.function.Supplier;

import io.autorenew.openrouter.MintedKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The key lifecycle's Micrometer meters. */
public final class KeyMetrics {

	private final MeterRegistry registry;

	private final Counter mintFailures;

	private final Timer mintDuration;

	private final Counter authFailures;

	public KeyMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.mintFailures = Counter.builder("openrouter.keys.mint.failures")
			.description("Key mints that failed")
			.register(registry);
		this.mintDuration = Timer.builder("openrouter.keys.mint.duration")
			.description("Time to mint a key at OpenRouter")
			.register(registry);
		this.authFailures = Counter.builder("openrouter.upstream.auth.failures")
			.description("OpenRouter calls answered 401")
			.register(registry);
		// Registered at zero, so that dashboards and alerts see the series before the first event.
		for (String outcome : new String[] { "adopted", "took_over", "timed_out", "failed_elsewhere" }) {
			claimWaits(outcome);
		}
		for (String reason : new String[] { "superseded", "orphan", "operator" }) {
			deletions(reason);
		}
	}

	/** Times a mint, counting it as minted (with its reason) or failed. */
	public MintedKey timeMint(KeyChange change, Supplier<MintedKey> mint) {
		Timer.Sample sample = Timer.start(this.registry);
		try {
			MintedKey minted = mint.get();
			Counter.builder("openrouter.keys.minted")
				.description("Keys minted")
				.tag("reason", change.reason)
				.register(this.registry)
				.increment();
			return minted;
		}
		catch (RuntimeException ex) {
			this.mintFailures.increment();
			throw ex;
		}
		finally {
			sample.stop(this.mintDuration);
		}
	}

	public void deleted(String reason) {
		deletions(reason).increment();
	}

	private Counter deletions(String reason) {
		return Counter.builder("openrouter.keys.deleted")
			.description("Keys deleted at OpenRouter")
			.tag("reason", reason)
			.register(this.registry);
	}

	/**
	 * Counts a wait for another instance's mint by how it ended: {@code adopted} (its key),
	 * {@code took_over} (its claim lapsed) or {@code timed_out}.
	 */
	public void claimWait(String outcome) {
		claimWaits(outcome).increment();
	}

	private Counter claimWaits(String outcome) {
		return Counter.builder("openrouter.keys.claim.waits")
			.description("Waits for another instance's mint of a user's key")
			.tag("outcome", outcome)
			.register(this.registry);
	}

	public void upstreamAuthFailure() {
		this.authFailures.increment();
	}

}
