package io.autorenew.money;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import io.autorenew.keys.KeyProvisioner;
import io.autorenew.keys.UserKey;
import io.autorenew.money.UserPolicies.UserPolicy;
import io.autorenew.openrouter.ApiKey;
import io.autorenew.openrouter.KeyDetails;
import io.autorenew.openrouter.ListedKey;
import io.autorenew.openrouter.MintedKey;
import io.autorenew.support.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Budgets#readAhead}: a renewal's read of the retiring key's spend and the user's record,
 * started before its claim, is what {@link Budgets#forNextKey} takes the next limit from, read
 * once; the spend is then stored beside the mint, and {@link Budgets#carried} waits for it.
 */
class BudgetsReadAheadTests {

	private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

	private final SpendingProvisioner provisioner = new SpendingProvisioner();

	private final InMemoryUserPolicies policies = new InMemoryUserPolicies();

	private final Budgets budgets = new Budgets(this.policies, this.provisioner, BigDecimal.valueOf(5),
			BudgetPeriod.of("monthly"), Clock.fixed(NOW, ZoneOffset.UTC));

	private final List<Runnable> queued = new ArrayList<>();

	private final UserKey retiring = UserKey.first("alice",
			new MintedKey(new ApiKey("sk-or-v1-retiring-0000000000000000"), "hash-old", null), NOW);

	@Test
	void theSpendReadAheadIsCarriedAndNotReadAgain() {
		this.provisioner.monthly = 1.25;
		this.budgets.readAhead(this.retiring, this.queued::add);
		this.queued.forEach(Runnable::run);
		this.provisioner.monthly = 4.00;

		BigDecimal limit = this.budgets.forNextKey("alice", this.retiring);

		assertThat(limit).isEqualByComparingTo("3.75");
		assertThat(this.provisioner.describes).hasValue(1);
	}

	@Test
	void aRenewalThatFindsTheReadStillRunningWaitsForIt() {
		this.provisioner.monthly = 2.00;
		this.budgets.readAhead(this.retiring, (task) -> new Thread(task, "read-ahead").start());

		BigDecimal limit = this.budgets.forNextKey("alice", this.retiring);

		assertThat(limit).isEqualByComparingTo("3");
		assertThat(this.provisioner.describes).hasValue(1);
	}

	@Test
	void withoutAReadAheadTheSpendIsReadThen() {
		this.provisioner.monthly = 0.5;

		BigDecimal limit = this.budgets.forNextKey("alice", this.retiring);

		assertThat(limit).isEqualByComparingTo("4.5");
		assertThat(this.provisioner.describes).hasValue(1);
	}

	@Test
	void aReadAheadIsTakenOnceAndTheNextRenewalOfTheSameKeyReadsAgain() {
		this.provisioner.monthly = 1.00;
		this.budgets.readAhead(this.retiring, this.queued::add);
		this.queued.forEach(Runnable::run);
		this.budgets.forNextKey("alice", this.retiring);

		this.provisioner.monthly = 2.00;
		BigDecimal again = this.budgets.forNextKey("alice", this.retiring);

		assertThat(again).isEqualByComparingTo("3");
		assertThat(this.provisioner.describes).hasValue(2);
	}

	@Test
	void aReadAheadThatFailedIsReadAgain() {
		this.budgets.readAhead(this.retiring, this.queued::add);
		this.provisioner.failNext = true;
		this.queued.forEach(Runnable::run);
		this.provisioner.monthly = 1.5;

		BigDecimal limit = this.budgets.forNextKey("alice", this.retiring);

		assertThat(limit).isEqualByComparingTo("3.5");
		assertThat(this.provisioner.describes).hasValue(2);
	}

	@Test
	void theReadAheadWritesNothing() {
		this.budgets.forNextKey("alice", null);
		this.provisioner.monthly = 1.25;
		this.budgets.readAhead(this.retiring, this.queued::add);
		this.queued.forEach(Runnable::run);

		assertThat(this.policies.find("alice").orElseThrow().spentByKey()).isEmpty();
	}

	@Test
	void theLimitFollowsFromTheReadsAndTheSpendIsStoredBesideTheMintBeforeTheSave() {
		this.budgets.forNextKey("alice", null);
		this.policies.carry("alice", "hash-older", new BigDecimal("1.00"));
		this.provisioner.monthly = 1.25;
		this.budgets.readAhead(this.retiring, this.queued::add);
		runQueued();

		BigDecimal limit = this.budgets.forNextKey("alice", this.retiring);

		assertThat(limit).as("5 - 1.00 - 1.25").isEqualByComparingTo("2.75");
		assertThat(this.policies.find("alice").orElseThrow().spentByKey()).as("not yet stored: beside the mint")
			.doesNotContainKey("hash-old");
		assertThat(this.queued).as("the carry, on the read's executor").hasSize(1);
		runQueued();
		this.budgets.carried(this.retiring);
		assertThat(this.policies.find("alice").orElseThrow().spent()).isEqualByComparingTo("2.25");
		assertThat(this.provisioner.describes).hasValue(1);
	}

	@Test
	void aCarryBesideTheMintThatFailsIsThrownWhenTheSaveWaitsForIt() {
		this.budgets.forNextKey("alice", null);
		this.provisioner.monthly = 1.25;
		this.budgets.readAhead(this.retiring, this.queued::add);
		runQueued();
		this.budgets.forNextKey("alice", this.retiring);
		IllegalStateException down = new IllegalStateException("store down");
		this.policies.carriesFail = down;
		runQueued();

		assertThatThrownBy(() -> this.budgets.carried(this.retiring)).isSameAs(down);
	}

	@Test
	void withNothingLeftToCarryTheSaveDoesNotWait() {
		this.provisioner.monthly = 0.5;
		this.budgets.forNextKey("alice", this.retiring);

		this.budgets.carried(this.retiring);

		assertThat(this.policies.find("alice").orElseThrow().spentByKey()).containsEntry("hash-old",
				new BigDecimal("0.5"));
	}

	@Test
	void aSpendReadAheadByARenewalThatThenAdoptsAnotherReplicasKeyCountsOnce() {
		Budgets otherReplica = new Budgets(this.policies, this.provisioner, BigDecimal.valueOf(5),
				BudgetPeriod.of("monthly"), Clock.fixed(NOW, ZoneOffset.UTC));
		this.budgets.forNextKey("alice", null);
		this.provisioner.monthly = 1.25;
		this.budgets.readAhead(this.retiring, this.queued::add);
		this.queued.forEach(Runnable::run);

		BigDecimal theirs = otherReplica.forNextKey("alice", this.retiring);

		assertThat(theirs).isEqualByComparingTo("3.75");
		assertThat(this.policies.find("alice").orElseThrow().spent()).isEqualByComparingTo("1.25");
	}

	@Test
	void aSpendReadAheadInAPeriodThatEndedIsCarriedIntoTheNewOne() {
		MutableClock clock = new MutableClock(NOW);
		Budgets rolling = new Budgets(this.policies, this.provisioner, BigDecimal.valueOf(5), BudgetPeriod.of("monthly"),
				clock);
		rolling.forNextKey("alice", null);
		this.provisioner.monthly = 1.25;
		rolling.readAhead(this.retiring, this.queued::add);
		this.queued.forEach(Runnable::run);
		clock.setInstant(Instant.parse("2026-04-01T00:00:01Z"));

		BigDecimal limit = rolling.forNextKey("alice", this.retiring);

		UserPolicy april = this.policies.find("alice").orElseThrow();
		assertThat(april.periodStart()).isEqualTo(Instant.parse("2026-04-01T00:00:00Z"));
		assertThat(april.spentByKey()).containsOnlyKeys("hash-old");
		assertThat(limit).isEqualByComparingTo("3.75");
		assertThat(this.provisioner.describes).hasValue(1);
	}

	/** Runs what was handed to the executor, including what those tasks hand on. */
	private void runQueued() {
		while (!this.queued.isEmpty()) {
			this.queued.remove(0).run();
		}
	}

	/** Describes every key with this month's usage, counting the reads. */
	private static final class SpendingProvisioner implements KeyProvisioner {

		final AtomicInteger describes = new AtomicInteger();

		volatile double monthly;

		volatile boolean failNext;

		@Override
		public Optional<KeyDetails> describe(String hash) {
			this.describes.incrementAndGet();
			if (this.failNext) {
				this.failNext = false;
				throw new IllegalStateException("connection reset");
			}
			return Optional.of(new KeyDetails(BigDecimal.valueOf(5), this.monthly, 0, 0, this.monthly, false));
		}

		@Override
		public MintedKey mint(String userId, BigDecimal limitUsd) {
			throw new UnsupportedOperationException("not minted here");
		}

		@Override
		public boolean delete(String hash) {
			return true;
		}

		@Override
		public boolean setDisabled(String hash, boolean disabled) {
			return true;
		}

		@Override
		public boolean setLimit(String hash, BigDecimal limitUsd) {
			return true;
		}

		@Override
		public List<ListedKey> list(int offset) {
			return List.of();
		}

	}

}
