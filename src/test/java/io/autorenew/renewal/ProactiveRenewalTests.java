package io.autorenew.renewal;

import java.time.Duration;

import io.autorenew.hygiene.KeyRetirer;
import io.autorenew.keys.UserKey;
import io.autorenew.openrouter.ApiKey;
import io.autorenew.openrouter.MintedKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys are replaced before OpenRouter would reject them: in the background inside the
 * renew-before window, and before the call once expired. Time is a clock the test moves.
 */
class ProactiveRenewalTests {

	private final RenewalFixture world = new RenewalFixture(RenewalFixture.TTL);

	private final KeyRenewer renewer = this.world.renewer;

	@Test
	void keyOutsideTheWindowIsUsedAsIs() {
		UserKey key = this.renewer.lease("alice").key();
		this.world.clock.advance(RenewalFixture.TTL.minus(RenewalFixture.RENEW_BEFORE).minusSeconds(1));

		assertThat(this.renewer.lease("alice").key()).isEqualTo(key);
		assertThat(this.world.background.size()).isZero();
	}

	@Test
	void keyInsideTheWindowIsRenewedOnceInTheBackgroundWhileRequestsUseIt() {
		UserKey old = this.renewer.lease("alice").key();
		this.world.clock.advance(RenewalFixture.TTL.minus(RenewalFixture.RENEW_BEFORE));

		KeyLease first = this.renewer.lease("alice");
		KeyLease second = this.renewer.lease("alice");

		assertThat(first.key()).isEqualTo(old);
		assertThat(second.key()).isEqualTo(old);
		assertThat(first.renewed()).isFalse();
		assertThat(this.world.provisioner.minted).hasSize(1);
		assertThat(this.world.background.size()).isEqualTo(1);

		this.world.background.runAll();

		UserKey renewed = this.renewer.lease("alice").key();
		assertThat(renewed.keyHash()).isEqualTo("hash-2");
		assertThat(renewed.expiresAt()).isEqualTo(this.world.clock.instant().plus(RenewalFixture.TTL));
		assertThat(this.world.provisioner.minted).hasSize(2);
		assertThat(this.world.provisioner.deleted).as("the old key is still in its grace period").isEmpty();
		assertThat(this.world.pending.contains(old.keyHash())).isTrue();
		assertThat(this.world.events.summary()).containsExactly("provisioned first_use",
				"proactively_renewed expiring");
		assertThat(this.world.minted("expiring")).isEqualTo(1);
		assertThat(this.world.background.size()).isZero();
	}

	@Test
	void theOldKeyOfAProactiveRenewalIsDeletedWhenItsGraceEndsAndNotAMillisecondBefore() {
		UserKey old = renewInTheBackground();

		this.world.clock.advance(RenewalFixture.GRACE.minusMillis(1));
		assertThat(this.world.retirer.retireDue()).isZero();
		assertThat(this.world.provisioner.deleted).isEmpty();

		this.world.clock.advance(Duration.ofMillis(1));
		assertThat(this.world.retirer.retireDue()).isEqualTo(1);
		assertThat(this.world.provisioner.deleted).containsExactly(old.keyHash());
		assertThat(this.world.pending.pending).isEmpty();
	}

	@Test
	void aFailedGraceDeletionIsTriedAgainAMinuteLater() {
		UserKey old = renewInTheBackground();
		this.world.clock.advance(RenewalFixture.GRACE);
		this.world.provisioner.failDeletes = true;

		assertThat(this.world.retirer.retireDue()).isZero();
		this.world.provisioner.failDeletes = false;
		this.world.clock.advance(KeyRetirer.RETRY_IN.minusMillis(1));
		assertThat(this.world.retirer.retireDue()).isZero();
		this.world.clock.advance(Duration.ofMillis(1));

		assertThat(this.world.retirer.retireDue()).isEqualTo(1);
		assertThat(this.world.provisioner.deleted).containsExactly(old.keyHash());
	}

	@Test
	void anOperatorsRotationDeletesTheOldKeyAtOnce() {
		UserKey old = this.renewer.lease("alice").key();

		this.renewer.forceProvision("alice");

		assertThat(this.world.provisioner.deleted).containsExactly(old.keyHash());
		assertThat(this.world.pending.pending).isEmpty();
	}

	@Test
	void aRejectedKeyIsDeletedAtOnce() {
		UserKey old = this.renewer.lease("alice").key();

		this.renewer.renew("alice", old);

		assertThat(this.world.provisioner.deleted).containsExactly(old.keyHash());
		assertThat(this.world.pending.pending).isEmpty();
	}

	private UserKey renewInTheBackground() {
		UserKey old = this.renewer.lease("alice").key();
		this.world.clock.advance(RenewalFixture.TTL.minus(RenewalFixture.RENEW_BEFORE));
		this.renewer.lease("alice");
		this.world.background.runAll();
		assertThat(this.world.store.find("alice")).get().extracting(UserKey::keyHash).isEqualTo("hash-2");
		return old;
	}

	@Test
	void backgroundRenewalSkipsAKeySomeoneElseAlreadyRenewed() {
		UserKey old = this.renewer.lease("alice").key();
		this.world.clock.advance(RenewalFixture.TTL.minus(Duration.ofDays(1)));
		this.renewer.lease("alice");
		UserKey elsewhere = old.replacedBy(new MintedKey(new ApiKey("sk-or-v1-other-replica-000000000000"),
				"hash-other", this.world.clock.instant().plus(RenewalFixture.TTL)), this.world.clock.instant(), true);
		this.world.store.replaceQuietly(old.keyHash(), elsewhere);

		this.world.background.runAll();

		assertThat(this.world.provisioner.minted).hasSize(1);
		assertThat(this.renewer.lease("alice").key()).isEqualTo(elsewhere);
	}

	@Test
	void expiredKeyIsReplacedBeforeTheCall() {
		UserKey old = this.renewer.lease("alice").key();
		this.world.clock.advance(RenewalFixture.TTL);

		KeyLease lease = this.renewer.lease("alice");

		assertThat(lease.key().keyHash()).isEqualTo("hash-2");
		assertThat(lease.renewed()).isTrue();
		assertThat(this.world.provisioner.deleted).containsExactly(old.keyHash());
		assertThat(this.world.events.summary()).containsExactly("provisioned first_use", "renewed expired");
		assertThat(this.world.background.size()).isZero();
	}

	@Test
	void keyOneMillisecondBeforeExpiryIsStillUsed() {
		UserKey old = this.renewer.lease("alice").key();
		this.world.clock.advance(RenewalFixture.TTL.minusMillis(1));

		assertThat(this.renewer.lease("alice").key()).isEqualTo(old);
	}

	@Test
	void expiredKeyForManyConcurrentRequestsIsReplacedOnce() throws Exception {
		this.renewer.lease("alice");
		this.world.clock.advance(RenewalFixture.TTL.plusSeconds(1));
		var pool = java.util.concurrent.Executors.newFixedThreadPool(32);
		try {
			var leases = KeyRenewerTests.race(pool, 32, () -> this.renewer.lease("alice"));

			assertThat(leases).extracting((lease) -> lease.key().keyHash()).containsOnly("hash-2");
			assertThat(this.world.provisioner.minted).hasSize(2);
		}
		finally {
			pool.shutdownNow();
		}
	}

}
