package io.autorenew.money;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.autorenew.keys.UserKey;
import io.autorenew.money.UserPolicies.UserPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retiring keys' spends, read at OpenRouter and carried into their user's record ahead of their
 * renewal ({@link KeyLimits#readAhead}), by key hash, each taken once by the renewal's
 * {@link KeyLimits#forNextKey}; one nobody takes (the renewal adopted another instance's key)
 * expires. Carrying before the renewal holds its claim is safe: a refused, expired or unreadable
 * key spends no more, and a carry overwrites the key's spend, never adds it twice.
 */
final class SpendReadAhead {

	private static final Logger log = LoggerFactory.getLogger(SpendReadAhead.class);

	private final Cache<String, CompletableFuture<Retirement>> reads = Caffeine.newBuilder()
		.expireAfterWrite(Duration.ofSeconds(30))
		.maximumSize(10_000)
		.build();

	private final UserPolicies policies;

	private final Function<String, Optional<BigDecimal>> spendOf;

	private final Supplier<Instant> periodStart;

	/**
	 * @param spendOf what a key spent this period, by its hash, read at OpenRouter now (empty
	 * when it cannot be read)
	 * @param periodStart when the current period began
	 */
	SpendReadAhead(UserPolicies policies, Function<String, Optional<BigDecimal>> spendOf,
			Supplier<Instant> periodStart) {
		this.policies = policies;
		this.spendOf = spendOf;
		this.periodStart = periodStart;
	}

	/** Starts reading and carrying the key's spend on {@code executor}, unless that is under way already. */
	void start(UserKey retiring, Executor executor) {
		this.reads.asMap()
			.computeIfAbsent(retiring.keyHash(),
					(hash) -> CompletableFuture.supplyAsync(() -> retire(retiring), executor));
	}

	/** The key's spend and what carrying it left: ahead if it was started (waiting for it), else now. */
	Retirement take(UserKey retiring) {
		CompletableFuture<Retirement> ahead = this.reads.asMap().remove(retiring.keyHash());
		if (ahead != null) {
			try {
				return ahead.join();
			}
			catch (CompletionException | CancellationException ex) {
				log.debug("Reading ahead the spend of a retiring key failed ({}): reading it again",
						ex.getClass().getSimpleName());
			}
		}
		return retire(retiring);
	}

	/**
	 * Reads what the key spent and carries it, in one round trip to the store, if the stored
	 * period is the current one (else the caller sets the period and carries).
	 */
	private Retirement retire(UserKey retiring) {
		Instant start = this.periodStart.get();
		Optional<BigDecimal> spent = this.spendOf.apply(retiring.keyHash());
		Optional<UserPolicy> carried = spent
			.flatMap((usd) -> this.policies.carryInPeriod(retiring.userId(), start, retiring.keyHash(), usd));
		return new Retirement(start, spent, carried);
	}

	/**
	 * A retiring key's spend this period as OpenRouter read it (empty if it could not), and the
	 * user's policy with it carried into the period begun at {@code start} (empty if that was not
	 * the stored one).
	 */
	record Retirement(Instant start, Optional<BigDecimal> spent, Optional<UserPolicy> carried) {

		/** The policy carried into the period begun at {@code periodStart}, if that is the one. */
		Optional<UserPolicy> carriedIn(Instant periodStart) {
			return this.start.equals(periodStart) ? this.carried : Optional.empty();
		}

	}

}
