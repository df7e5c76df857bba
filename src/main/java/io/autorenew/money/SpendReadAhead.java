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
 * Retiring keys' spends, read at OpenRouter beside their user's record ahead of their renewal
 * ({@link KeyLimits#readAhead}), by key hash, each taken once by the renewal's
 * {@link KeyLimits#forNextKey}; one nobody takes (the renewal adopted another instance's key)
 * expires. The limit of the next key follows from the two reads, and the spend is then carried
 * into the record beside the mint ({@link #carryingBesideTheMint}), which the renewal waits for
 * before it saves the new key ({@link #carried}). Reading before the renewal holds its claim is
 * safe: a refused, expired or unreadable key spends no more, and a carry overwrites the key's
 * spend, never adds it twice.
 */
final class SpendReadAhead {

	private static final Logger log = LoggerFactory.getLogger(SpendReadAhead.class);

	private final Cache<String, CompletableFuture<Retirement>> reads = Caffeine.newBuilder()
		.expireAfterWrite(Duration.ofSeconds(30))
		.maximumSize(10_000)
		.build();

	/** Carries started beside a mint, by the retiring key's hash, until the renewal waits for them. */
	private final Cache<String, CompletableFuture<UserPolicy>> carries = Caffeine.newBuilder()
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

	/**
	 * Starts reading, on {@code executor}, the key's spend at OpenRouter and its user's record,
	 * side by side, unless that is under way already. Nothing is written.
	 */
	void start(UserKey retiring, Executor executor) {
		this.reads.asMap().computeIfAbsent(retiring.keyHash(), (hash) -> {
			Instant start = this.periodStart.get();
			CompletableFuture<Optional<UserPolicy>> record = CompletableFuture
				.supplyAsync(() -> this.policies.find(retiring.userId()), executor);
			return CompletableFuture.supplyAsync(() -> this.spendOf.apply(hash), executor)
				.thenCombine(record, (spent, before) -> new Retirement(start, spent, Optional.empty(), before, executor));
		});
	}

	/**
	 * The key's spend and the user's record: read ahead if that was started (waiting for it),
	 * else read and carried now.
	 */
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
		return new Retirement(start, spent, carried, Optional.empty(), null);
	}

	/**
	 * The user's record as carrying the retiring key's spend into the period begun at
	 * {@code start} leaves it, when the spend and the record were both read ahead in that period:
	 * the limit of the next key follows from it, and the carry itself starts now, on the read's
	 * executor, beside the mint; {@link #carried} waits for it. Empty, with nothing started,
	 * otherwise.
	 */
	Optional<UserPolicy> carryingBesideTheMint(UserKey retiring, Retirement retired, Instant start) {
		Optional<UserPolicy> read = retired.readIn(start);
		if (read.isEmpty()) {
			return Optional.empty();
		}
		BigDecimal spent = retired.spent().get();
		carryBeside(retiring, spent, start, retired.carryOn());
		return Optional.of(read.get().withSpent(retiring.keyHash(), spent));
	}

	/** On {@code executor}, where the read ran: a record read ahead always has one. */
	private void carryBeside(UserKey retiring, BigDecimal spent, Instant start, Executor executor) {
		CompletableFuture<UserPolicy> carry = CompletableFuture.supplyAsync(
				() -> this.policies.carryInPeriod(retiring.userId(), start, retiring.keyHash(), spent).orElseGet(() -> {
					this.policies.inPeriod(retiring.userId(), start);
					return this.policies.carry(retiring.userId(), retiring.keyHash(), spent);
				}), executor);
		this.carries.put(retiring.keyHash(), carry);
	}

	/**
	 * Waits for the carry of the key's spend started beside the mint, if one was.
	 * @throws RuntimeException what storing it threw
	 */
	void carried(UserKey retiring) {
		CompletableFuture<UserPolicy> carry = this.carries.asMap().remove(retiring.keyHash());
		if (carry == null) {
			return;
		}
		try {
			carry.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			throw ex;
		}
	}

	/**
	 * A retiring key's spend this period as OpenRouter read it (empty if it could not), and the
	 * user's policy: with it carried into the period begun at {@code start} (empty if that was not
	 * the stored one, or if it was read ahead, not carried), or as it was before, read beside the
	 * spend (empty if it was carried, or the user has none).
	 *
	 * @param carryOn where the read ran, to carry the spend on ({@code null} when it was not read ahead)
	 */
	record Retirement(Instant start, Optional<BigDecimal> spent, Optional<UserPolicy> carried,
			Optional<UserPolicy> before, Executor carryOn) {

		/** The policy carried into the period begun at {@code periodStart}, if that is the one. */
		Optional<UserPolicy> carriedIn(Instant periodStart) {
			return this.start.equals(periodStart) ? this.carried : Optional.empty();
		}

		/**
		 * The policy read ahead, with the spend read beside it, if both are there and the record's
		 * period is the one begun at {@code periodStart}: the spend is then still to be carried.
		 */
		Optional<UserPolicy> readIn(Instant periodStart) {
			if (!this.start.equals(periodStart) || this.spent.isEmpty()) {
				return Optional.empty();
			}
			return this.before.filter((policy) -> periodStart.equals(policy.periodStart()));
		}

	}

}
