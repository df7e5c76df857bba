package io.autorenew.renewal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import io.autorenew.keys.KeyNotFoundException;
import io.autorenew.keys.UserKey;
import io.autorenew.openrouter.ApiKey;
import io.autorenew.openrouter.MintedKey;
import io.autorenew.openrouter.ProvisioningUnavailableException;
import io.autorenew.support.Latches;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link KeyRenewer} with recording fakes: what is minted, stored, deleted and audited. */
class KeyRenewerTests {

	private final RenewalFixture world = new RenewalFixture();

	private final KeyRenewer renewer = this.world.renewer;

	private final ExecutorService pool = Executors.newFixedThreadPool(32);

	@AfterEach
	void stopPool() {
		this.pool.shutdownNow();
	}

	@Test
	void leaseMintsAFirstKeyForTheUser() {
		KeyLease lease = this.renewer.lease("alice");

		assertThat(lease.provisioned()).isTrue();
		assertThat(lease.renewed()).isFalse();
		assertThat(this.world.provisioner.mintedFor).containsExactly("alice");
		assertThat(lease.key().createdAt()).isEqualTo(RenewalFixture.START);
		assertThat(lease.key().renewalCount()).isZero();
		assertThat(lease.key().autoRenewed()).isFalse();
		assertThat(this.world.store.find("alice")).contains(lease.key());
		assertThat(this.world.events.summary()).containsExactly("provisioned first_use");
		assertThat(this.world.minted("first_use")).isEqualTo(1);
	}

	@Test
	void leaseReusesTheKeyWithoutReadingTheStoreAgain() {
		UserKey first = this.renewer.lease("alice").key();
		this.world.store.failWrites = new DataAccessResourceFailureException("not used");

		KeyLease second = this.renewer.lease("alice");

		assertThat(second.provisioned()).isFalse();
		assertThat(second.key()).isEqualTo(first);
		assertThat(this.world.provisioner.minted).hasSize(1);
	}

	@Test
	void renewReplacesTheRejectedKeyThenDeletesIt() {
		UserKey old = this.renewer.lease("alice").key();

		UserKey renewed = this.renewer.renew("alice", old);

		assertThat(renewed.keyHash()).isEqualTo("hash-2");
		assertThat(renewed.autoRenewed()).isTrue();
		assertThat(renewed.lastRenewalAt()).isEqualTo(RenewalFixture.START);
		assertThat(renewed.renewalCount()).isEqualTo(1);
		assertThat(this.world.store.writes).containsExactly("insert alice hash-1", "replace alice hash-1->hash-2");
		assertThat(this.world.provisioner.deleted).containsExactly("hash-1");
		assertThat(this.world.events.summary()).containsExactly("provisioned first_use", "renewed rejected");
		assertThat(this.world.events.events.get(1).oldKeyLabel()).isEqualTo(old.label());
		assertThat(this.world.events.events.get(1).newKeyLabel()).isEqualTo(renewed.label());
		assertThat(this.world.minted("rejected")).isEqualTo(1);
		assertThat(this.world.count("openrouter.upstream.auth.failures")).isEqualTo(1);
		assertThat(this.world.count("openrouter.keys.deleted")).isEqualTo(1);
		assertThat(this.world.readAhead).containsExactly("hash-1");
	}

	@Test
	void aForcedRotationReadsNoSpendAheadAsTheKeyStillSpends() {
		this.renewer.lease("alice");

		this.renewer.forceProvision("alice");

		assertThat(this.world.readAhead).isEmpty();
	}

	@Test
	void renewedKeyIsServedToLaterLeases() {
		UserKey old = this.renewer.lease("alice").key();
		UserKey renewed = this.renewer.renew("alice", old);

		assertThat(this.renewer.lease("alice").key()).isEqualTo(renewed);
	}

	@Test
	void renewSkipsMintingWhenSomeoneAlreadyRenewed() {
		UserKey old = this.renewer.lease("alice").key();
		UserKey current = this.renewer.renew("alice", old);

		UserKey again = this.renewer.renew("alice", old);

		assertThat(again).isEqualTo(current);
		assertThat(this.world.provisioner.minted).hasSize(2);
	}

	@Test
	void aCallThatLeasedTheRejectedKeyBeforeItsRenewalTakesTheCachedSuccessorWithoutReadingTheStore() {
		UserKey old = this.renewer.lease("alice").key();
		UserKey current = this.renewer.renew("alice", old);
		int reads = this.world.store.finds.get();

		UserKey again = this.renewer.renew("alice", old);

		assertThat(again).isEqualTo(current);
		assertThat(this.world.store.finds.get()).isEqualTo(reads);
		assertThat(this.world.provisioner.minted).hasSize(2);
	}

	@Test
	void staleCachedKeyIsReplacedByTheStoredOneWithoutMinting() {
		UserKey cached = this.renewer.lease("alice").key();
		UserKey elsewhere = cached.replacedBy(new MintedKey(new ApiKey("sk-or-v1-other-replica-000000000000"),
				"hash-other", null), RenewalFixture.START.plusSeconds(1), true);
		this.world.store.replace(cached.keyHash(), elsewhere);
		assertThat(this.renewer.lease("alice").key()).isEqualTo(cached);
		int reads = this.world.store.finds.get();

		UserKey adopted = this.renewer.renew("alice", cached);

		assertThat(adopted).isEqualTo(elsewhere);
		assertThat(this.world.store.finds.get()).isGreaterThan(reads);
		assertThat(this.world.provisioner.minted).hasSize(1);
		assertThat(this.renewer.lease("alice").key()).isEqualTo(elsewhere);
	}

	@Test
	void lostRaceAdoptsTheWinnersKeyAndDeletesItsOwn() {
		UserKey old = this.renewer.lease("alice").key();
		UserKey winner = old.replacedBy(new MintedKey(new ApiKey("sk-or-v1-winner-0000000000000000"), "hash-winner",
				null), RenewalFixture.START, true);
		this.world.store.beforeReplace = () -> this.world.store.replaceQuietly(old.keyHash(), winner);

		UserKey adopted = this.renewer.renew("alice", old);

		assertThat(adopted.keyHash()).isEqualTo("hash-winner");
		assertThat(this.world.provisioner.deleted).containsExactly("hash-2");
		assertThat(this.world.store.find("alice")).contains(winner);
	}

	@Test
	void failedSaveDeletesTheMintedKey() {
		this.world.store.failWrites = new DataAccessResourceFailureException("store down");

		assertThatThrownBy(() -> this.renewer.lease("alice")).isInstanceOf(DataAccessResourceFailureException.class);
		assertThat(this.world.provisioner.minted).hasSize(1);
		assertThat(this.world.provisioner.deleted).containsExactly("hash-1");
		assertThat(this.world.provisioner.live).isEmpty();
	}

	@Test
	void theNewKeyIsSavedOnlyOnceThePredecessorsSpendIsStored() {
		UserKey old = this.renewer.lease("alice").key();

		UserKey renewed = this.renewer.renew("alice", old);

		assertThat(this.world.carries).as("waited for while the old key was still the stored one")
			.containsExactly("carried " + old.keyHash() + ", stored " + old.keyHash());
		assertThat(this.world.store.find("alice")).contains(renewed);
	}

	@Test
	void aCarryThatFailsLeavesTheMintedKeyUnsavedAndDeletesIt() {
		UserKey old = this.renewer.lease("alice").key();
		this.world.carryFails = new DataAccessResourceFailureException("store down");

		assertThatThrownBy(() -> this.renewer.renew("alice", old)).isInstanceOf(DataAccessResourceFailureException.class);
		assertThat(this.world.store.find("alice")).contains(old);
		assertThat(this.world.provisioner.minted).hasSize(2);
		assertThat(this.world.provisioner.deleted).containsExactly("hash-2");
	}

	@Test
	void failedMintLeavesTheStoredKeyAloneAndIsAudited() {
		UserKey old = this.renewer.lease("alice").key();
		this.world.provisioner.failing = true;

		assertThatThrownBy(() -> this.renewer.renew("alice", old)).isInstanceOf(ProvisioningUnavailableException.class);
		assertThat(this.world.store.find("alice")).contains(old);
		assertThat(this.world.provisioner.deleted).isEmpty();
		assertThat(this.world.events.summary()).containsExactly("provisioned first_use", "renewal_failed rejected");
		assertThat(this.world.count("openrouter.keys.mint.failures")).isEqualTo(1);
	}

	@Test
	void forceProvisionRotatesEvenAFreshKey() {
		UserKey old = this.renewer.lease("alice").key();

		UserKey rotated = this.renewer.forceProvision("alice");

		assertThat(rotated.keyHash()).isNotEqualTo(old.keyHash());
		assertThat(rotated.autoRenewed()).isFalse();
		assertThat(rotated.renewalCount()).isEqualTo(1);
		assertThat(this.world.provisioner.deleted).containsExactly(old.keyHash());
		assertThat(this.world.events.summary()).containsExactly("provisioned first_use", "force_provisioned operator");
		assertThat(this.renewer.lease("alice").key()).isEqualTo(rotated);
	}

	@Test
	void deleteRemovesTheKeyAtOpenRouterThenInTheStore() {
		UserKey old = this.renewer.lease("alice").key();

		this.renewer.delete("alice");

		assertThat(this.world.provisioner.deleted).containsExactly(old.keyHash());
		assertThat(this.world.store.find("alice")).isEmpty();
		assertThat(this.world.events.summary()).containsExactly("provisioned first_use", "deleted operator");
		assertThatThrownBy(() -> this.renewer.delete("alice")).isInstanceOf(KeyNotFoundException.class);
	}

	@Test
	void unreadableStoredKeyIsReplacedBeforeTheCallAndDeletedByHash() {
		UserKey readable = this.renewer.lease("alice").key();
		UserKey unreadable = new UserKey("bob", null, "hash-bob", "****b0b0", RenewalFixture.START, null, false, null,
				0);
		this.world.store.put(unreadable);

		KeyLease lease = this.renewer.lease("bob");

		assertThat(lease.key().readable()).isTrue();
		assertThat(lease.renewed()).isTrue();
		assertThat(this.world.provisioner.deleted).containsExactly("hash-bob");
		assertThat(this.world.events.summary()).endsWith("renewed undecryptable");
		assertThat(readable.readable()).isTrue();
	}

	@RepeatedTest(5)
	void concurrentFirstUseMintsOnce() throws Exception {
		List<KeyLease> leases = race(32, () -> this.renewer.lease("alice"));

		assertThat(this.world.provisioner.minted).hasSize(1);
		assertThat(leases).extracting((lease) -> lease.key().keyHash()).containsOnly("hash-1");
		assertThat(leases).filteredOn(KeyLease::provisioned).hasSize(1);
		assertThat(this.world.store.find("alice").orElseThrow().keyHash()).isEqualTo("hash-1");
	}

	@RepeatedTest(5)
	void concurrent401sForOneUserMintOnce() throws Exception {
		UserKey old = this.renewer.lease("alice").key();

		List<UserKey> renewed = race(32, () -> this.renewer.renew("alice", old));

		assertThat(this.world.provisioner.minted).hasSize(2);
		assertThat(renewed).extracting(UserKey::keyHash).containsOnly("hash-2");
		assertThat(this.world.store.find("alice").orElseThrow().keyHash()).isEqualTo("hash-2");
		assertThat(this.world.provisioner.deleted).containsExactly("hash-1");
	}

	@Test
	void waitersGoOnOnceTheNewKeyIsSavedWhileTheOldOneIsStillBeingDeleted() throws Exception {
		UserKey old = this.renewer.lease("alice").key();
		CountDownLatch release = new CountDownLatch(1);
		this.world.provisioner.deleteHold = release;
		Future<UserKey> leader = this.pool.submit(() -> this.renewer.renew("alice", old));
		assertThat(this.world.provisioner.deleting.await(5, TimeUnit.SECONDS)).isTrue();

		UserKey joined = this.pool.submit(() -> this.renewer.renew("alice", old)).get(5, TimeUnit.SECONDS);

		assertThat(joined.keyHash()).isEqualTo("hash-2");
		assertThat(leader.isDone()).isFalse();
		assertThat(this.world.provisioner.deleted).isEmpty();
		release.countDown();
		assertThat(leader.get(5, TimeUnit.SECONDS)).isEqualTo(joined);
		assertThat(this.world.provisioner.deleted).containsExactly("hash-1");
		assertThat(this.world.provisioner.minted).hasSize(2);
	}

	@Test
	void aLeaseDuringTheRenewalOfARefusedKeyWaitsForItsSuccessorInsteadOfCallingWithIt() throws Exception {
		UserKey refused = this.renewer.lease("alice").key();
		CountDownLatch release = new CountDownLatch(1);
		this.world.provisioner.hold("alice", release);
		Future<UserKey> leader = this.pool.submit(() -> this.renewer.renew("alice", refused));
		assertThat(this.world.provisioner.entered.get("alice").await(5, TimeUnit.SECONDS)).isTrue();

		FutureTask<KeyLease> lease = new FutureTask<>(() -> this.renewer.lease("alice"));
		Thread caller = new Thread(lease, "lease-during-renewal");
		caller.start();

		// a lease that took the refused key would end at once; this one waits on the renewal's flight
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> caller.getState() == Thread.State.TIMED_WAITING);
		assertThat(lease.isDone()).isFalse();
		release.countDown();
		UserKey successor = leader.get(5, TimeUnit.SECONDS);
		KeyLease waited = lease.get(5, TimeUnit.SECONDS);
		assertThat(waited.key()).isEqualTo(successor);
		assertThat(waited.key().keyHash()).isEqualTo("hash-2");
		assertThat(waited.renewed()).isTrue();
		assertThat(waited.provisioned()).isFalse();
		assertThat(this.world.provisioner.minted).hasSize(2);
		assertThat(this.world.count("openrouter.upstream.auth.failures")).isEqualTo(1);
	}

	@Test
	void aRefusalToldByTheHttpClientStartsTheRenewalBeforeTheRefusedCallAsks() throws Exception {
		UserKey refused = this.renewer.lease("alice").key();
		CountDownLatch release = new CountDownLatch(1);
		this.world.provisioner.hold("alice", release);

		this.renewer.refused(refused.key());

		// minting already, on a renewal thread, though no caller asked for it yet
		assertThat(this.world.provisioner.entered.get("alice").await(5, TimeUnit.SECONDS)).isTrue();
		this.renewer.refused(refused.key());
		FutureTask<KeyLease> lease = new FutureTask<>(() -> this.renewer.lease("alice"));
		Thread caller = new Thread(lease, "lease-during-early-renewal");
		caller.start();
		// a lease that took the refused key would end at once; this one waits on the renewal's flight
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> caller.getState() == Thread.State.TIMED_WAITING);
		Future<UserKey> refusedCall = this.pool.submit(() -> this.renewer.renew("alice", refused));
		release.countDown();
		UserKey successor = refusedCall.get(5, TimeUnit.SECONDS);
		assertThat(successor.keyHash()).isEqualTo("hash-2");
		assertThat(lease.get(5, TimeUnit.SECONDS).key()).isEqualTo(successor);
		assertThat(lease.get().renewed()).as("the lease waited for the successor").isTrue();
		assertThat(this.world.provisioner.minted).as("the first key, then one successor").hasSize(2);
		assertThat(this.world.count("openrouter.upstream.auth.failures")).as("counted by the refused call alone")
			.isEqualTo(1);
	}

	@Test
	void aRenewalARefusalStartedCachesItsKeyWhenSavedAndNeverAgainAfterItsTail() throws Exception {
		UserKey refused = this.renewer.lease("alice").key();
		CountDownLatch release = new CountDownLatch(1);
		this.world.provisioner.deleteHold = release;

		this.renewer.refused(refused.key());

		// the old key's deletion is held: the successor is saved and cached, the leader still busy
		assertThat(this.world.provisioner.deleting.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(this.world.cache.peek("alice")).get().extracting(UserKey::keyHash).isEqualTo("hash-2");
		assertThat(this.renewer.awaitRenewals(Duration.ofMillis(50))).as("the leader deletes the old key").isFalse();
		this.world.cache.clear();
		release.countDown();
		assertThat(this.renewer.awaitRenewals(Duration.ofSeconds(5))).isTrue();
		assertThat(this.world.provisioner.deleted).containsExactly("hash-1");
		assertThat(this.world.cache.peek("alice")).as("not put back once the leader is done").isEmpty();
	}

	@Test
	void aRefusalOfAKeyNoLongerCachedStartsNothing() {
		UserKey old = this.renewer.lease("alice").key();
		UserKey renewed = this.renewer.renew("alice", old);

		this.renewer.refused(old.key());
		this.renewer.refused(new ApiKey("sk-or-v1-never-minted-here"));

		assertThat(this.renewer.lease("alice").key()).isEqualTo(renewed);
		assertThat(this.world.provisioner.minted).hasSize(2);
	}

	@Test
	void aRefusalWithEveryRenewalThreadBusyIsLeftToTheRefusedCall() throws Exception {
		RenewalThreads one = new RenewalThreads(1);
		CountDownLatch busy = new CountDownLatch(1);
		CountDownLatch free = new CountDownLatch(1);
		try {
			RenewalFixture world = new RenewalFixture(RenewalFixture.TTL, one);
			UserKey refused = world.renewer.lease("alice").key();
			assertThat(one.tryExecute(() -> {
				busy.countDown();
				Latches.await(free);
			})).isTrue();
			assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();

			world.renewer.refused(refused.key());

			assertThat(world.provisioner.minted).as("nothing minted on the HTTP client's thread").hasSize(1);
			assertThat(world.renewer.lease("alice").key()).as("no renewal is marked as running").isEqualTo(refused);
			free.countDown();
			assertThat(world.renewer.renew("alice", refused).keyHash()).isEqualTo("hash-2");
		}
		finally {
			free.countDown();
			one.close();
		}
	}

	@Test
	void aKeyIsLeasedAgainOnceItsRenewalFailed() {
		UserKey refused = this.renewer.lease("alice").key();
		this.world.provisioner.failing = true;
		assertThatThrownBy(() -> this.renewer.renew("alice", refused))
			.isInstanceOf(ProvisioningUnavailableException.class);

		KeyLease lease = this.renewer.lease("alice");

		assertThat(lease.key()).isEqualTo(refused);
		assertThat(lease.renewed()).isFalse();
		assertThat(this.world.provisioner.mintedFor).hasSize(2);
	}

	@Test
	void usersNeverWaitOnEachOther() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		this.world.provisioner.hold("slow", release);
		Future<KeyLease> slow = this.pool.submit(() -> this.renewer.lease("slow"));
		assertThat(this.world.provisioner.entered.get("slow").await(5, TimeUnit.SECONDS)).isTrue();

		KeyLease fast = this.pool.submit(() -> this.renewer.lease("fast")).get(5, TimeUnit.SECONDS);

		assertThat(fast.key().userId()).isEqualTo("fast");
		assertThat(slow.isDone()).isFalse();
		release.countDown();
		assertThat(slow.get(5, TimeUnit.SECONDS).key().userId()).isEqualTo("slow");
	}

	<T> List<T> race(int threads, Callable<T> task) throws Exception {
		return race(this.pool, threads, task);
	}

	static <T> List<T> race(ExecutorService pool, int threads, Callable<T> task) throws Exception {
		CountDownLatch ready = new CountDownLatch(threads);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<T>> futures = new ArrayList<>();
		for (int i = 0; i < threads; i++) {
			futures.add(pool.submit(() -> {
				ready.countDown();
				if (!start.await(5, TimeUnit.SECONDS)) {
					throw new AssertionError("never started");
				}
				return task.call();
			}));
		}
		assertThat(ready.await(5, TimeUnit.SECONDS)).isTrue();
		start.countDown();
		List<T> results = new ArrayList<>();
		for (Future<T> future : futures) {
			results.add(future.get(10, TimeUnit.SECONDS));
		}
		return results;
	}

}
