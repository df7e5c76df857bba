package io.autorenew.renewal;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.autorenew.keys.UserKey;
import io.autorenew.openrouter.ApiKey;
import io.autorenew.openrouter.MintedKey;
import io.autorenew.openrouter.ProvisioningUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fleet-wide claim as one instance sees it, with another instance played through the
 * in-memory claims and store: while that instance holds the user's claim, this one mints
 * nothing; it adopts the other's key, takes a lapsed claim over, or gives up with a 503.
 */
class FleetClaimTests {

	private final RenewalFixture world = new RenewalFixture(RenewalFixture.TTL);

	private final KeyRenewer renewer = this.world.renewer;

	private final ExecutorService pool = Executors.newSingleThreadExecutor();

	@AfterEach
	void stopPool() {
		this.pool.shutdownNow();
	}

	@Test
	void firstUseWaitsForTheOtherInstancesMintAndAdoptsItsKey() throws Exception {
		this.world.claims.holdElsewhere("alice");
		Future<KeyLease> lease = this.pool.submit(() -> this.renewer.lease("alice"));
		assertThat(this.world.claims.refused.await(5, TimeUnit.SECONDS)).isTrue();
		UserKey theirs = otherInstanceSaves("alice");

		assertThat(lease.get(5, TimeUnit.SECONDS).key()).isEqualTo(theirs);
		assertThat(lease.get().provisioned()).isFalse();
		assertThat(this.world.provisioner.minted).isEmpty();
		assertThat(this.world.count("openrouter.keys.claim.waits")).isEqualTo(1);
	}

	@Test
	void aClaimHeldPastTheWaitAnswersProvisioningUnavailableAndMintsNothing() {
		this.world.claims.holdElsewhere("alice");

		assertThatThrownBy(() -> this.renewer.lease("alice")).isInstanceOf(ProvisioningUnavailableException.class)
			.satisfies((ex) -> assertThat(((ProvisioningUnavailableException) ex).retryAfter())
				.isEqualTo(Duration.ofSeconds(30)));
		assertThat(this.world.provisioner.minted).isEmpty();
		assertThat(this.world.store.find("alice")).isEmpty();
	}

	@Test
	void aLapsedClaimIsTakenOverAndTheKeyMintedOnce() {
		this.world.claims.holdElsewhere("alice");
		this.world.clock.advance(Duration.ofSeconds(30));

		KeyLease lease = this.renewer.lease("alice");

		assertThat(lease.provisioned()).isTrue();
		assertThat(this.world.provisioner.minted).hasSize(1);
		assertThat(this.world.claims.heldUntil("alice")).as("released after the mint").isEmpty();
	}

	@Test
	void aClaimOneMillisecondShortOfItsLeaseIsStillHeld() {
		this.world.claims.holdElsewhere("alice");
		this.world.clock.advance(Duration.ofSeconds(30).minusMillis(1));

		assertThatThrownBy(() -> this.renewer.lease("alice")).isInstanceOf(ProvisioningUnavailableException.class);
		assertThat(this.world.provisioner.minted).isEmpty();
	}

	@Test
	void a401WaitsForTheOtherInstancesRenewalInsteadOfMintingAgain() throws Exception {
		UserKey rejected = this.renewer.lease("alice").key();
		this.world.claims.holdElsewhere("alice");
		Future<UserKey> renewed = this.pool.submit(() -> this.renewer.renew("alice", rejected));
		assertThat(this.world.claims.refused.await(5, TimeUnit.SECONDS)).isTrue();
		UserKey theirs = otherInstanceReplaces(rejected);

		assertThat(renewed.get(5, TimeUnit.SECONDS)).isEqualTo(theirs);
		assertThat(this.world.provisioner.minted).hasSize(1);
	}

	@Test
	void backgroundRenewalIsLeftToTheInstanceHoldingTheClaim() {
		UserKey expiring = this.renewer.lease("alice").key();
		this.world.clock.advance(RenewalFixture.TTL.minus(RenewalFixture.RENEW_BEFORE));
		this.renewer.lease("alice");
		this.world.claims.holdElsewhere("alice");

		this.world.background.runAll();

		assertThat(this.world.provisioner.minted).hasSize(1);
		assertThat(this.world.store.find("alice")).get().isEqualTo(expiring);
	}

	@Test
	void everyMintHoldsTheClaimAndReleasesIt() {
		this.renewer.lease("alice");
		this.renewer.forceProvision("alice");

		assertThat(this.world.claims.taken).hasValue(2);
		assertThat(this.world.claims.heldUntil("alice")).isEmpty();
	}

	private UserKey otherInstanceSaves(String userId) {
		UserKey theirs = UserKey.first(userId, minted("theirs-1"), RenewalFixture.START);
		this.world.store.insert(theirs);
		return theirs;
	}

	private UserKey otherInstanceReplaces(UserKey current) {
		UserKey theirs = current.replacedBy(minted("theirs-2"), RenewalFixture.START, true);
		this.world.store.replace(current.keyHash(), theirs);
		return theirs;
	}

	private static MintedKey minted(String hash) {
		return new MintedKey(new ApiKey("sk-or-v1-" + hash + "-0000000000000000"), hash, null);
	}

}
