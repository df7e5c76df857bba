package io.autorenew.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.autorenew.openrouter.ApiKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link KeyRenewer} with an in-memory store and a recording provisioner. */
class KeyRenewerTests {

	private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

	private final InMemoryKeyStore store = new InMemoryKeyStore();

	private final RecordingProvisioner provisioner = new RecordingProvisioner();

	private final KeyRenewer renewer = new KeyRenewer(this.store, this.provisioner,
			new SingleFlight(Duration.ofSeconds(10)), Clock.fixed(NOW, ZoneOffset.UTC));

	private final ExecutorService pool = Executors.newFixedThreadPool(32);

	@AfterEach
	void stopPool() {
		this.pool.shutdownNow();
	}

	@Test
	void leaseMintsAFirstKeyNamedForTheUser() {
		KeyRenewer.KeyLease lease = this.renewer.lease("alice");

		assertThat(lease.provisioned()).isTrue();
		assertThat(this.provisioner.mintedNames).containsExactly("analysis-service:alice:2026-11-29T12:00:00Z");
		assertThat(lease.key().createdAt()).isEqualTo(NOW);
		assertThat(lease.key().renewalCount()).isZero();
		assertThat(lease.key().autoRenewed()).isFalse();
		assertThat(this.store.find("alice")).contains(lease.key());
	}

	@Test
	void leaseReusesTheStoredKey() {
		UserKey first = this.renewer.lease("alice").key();

		KeyRenewer.KeyLease second = this.renewer.lease("alice");

		assertThat(second.provisioned()).isFalse();
		assertThat(second.key()).isEqualTo(first);
		assertThat(this.provisioner.minted).hasSize(1);
	}

	@Test
	void renewReplacesTheRejectedKeyThenDeletesIt() {
		UserKey old = this.renewer.lease("alice").key();

		UserKey renewed = this.renewer.renew("alice", old);

		assertThat(renewed.keyHash()).isEqualTo("hash-2");
		assertThat(renewed.autoRenewed()).isTrue();
		assertThat(renewed.lastRenewalAt()).isEqualTo(NOW);
		assertThat(renewed.renewalCount()).isEqualTo(1);
		assertThat(this.store.writes).containsExactly("insert alice hash-1", "replace alice hash-1->hash-2");
		assertThat(this.provisioner.deleted).containsExactly("hash-1");
	}

	@Test
	void renewSkipsMintingWhenSomeoneAlreadyRenewed() {
		UserKey old = this.renewer.lease("alice").key();
		UserKey current = this.renewer.renew("alice", old);

		UserKey again = this.renewer.renew("alice", old);

		assertThat(again).isEqualTo(current);
		assertThat(this.provisioner.minted).hasSize(2);
	}

	@Test
	void lostRaceAdoptsTheWinnersKeyAndDeletesItsOwn() {
		UserKey old = this.renewer.lease("alice").key();
		UserKey winner = old.replacedBy(new MintedKey(new ApiKey("sk-or-v1-winner-0000000000000000"), "hash-winner", null),
				NOW, true);
		KeyStore racing = new KeyStore() {
			@Override
			public java.util.Optional<UserKey> find(String userId) {
				return KeyRenewerTests.this.store.find(userId);
			}

			@Override
			public boolean insert(UserKey key) {
				return KeyRenewerTests.this.store.insert(key);
			}

			@Override
			public boolean replace(String expectedHash, UserKey next) {
				KeyRenewerTests.this.store.replace(expectedHash, winner);
				return KeyRenewerTests.this.store.replace(expectedHash, next);
			}

			@Override
			public boolean delete(String userId, String expectedHash) {
				return KeyRenewerTests.this.store.delete(userId, expectedHash);
			}
		};
		KeyRenewer replica = new KeyRenewer(racing, this.provisioner, new SingleFlight(Duration.ofSeconds(5)),
				Clock.fixed(NOW, ZoneOffset.UTC));

		UserKey adopted = replica.renew("alice", old);

		assertThat(adopted.keyHash()).isEqualTo("hash-winner");
		assertThat(this.provisioner.deleted).containsExactly("hash-2");
		assertThat(this.store.find("alice")).contains(winner);
	}

	@Test
	void failedSaveDeletesTheMintedKey() {
		this.store.failWrites = new org.springframework.dao.DataAccessResourceFailureException("store down");

		assertThatThrownBy(() -> this.renewer.lease("alice"))
			.isInstanceOf(org.springframework.dao.DataAccessResourceFailureException.class);
		assertThat(this.provisioner.minted).hasSize(1);
		assertThat(this.provisioner.deleted).containsExactly("hash-1");
	}

	@Test
	void failedMintLeavesTheStoredKeyAlone() {
		UserKey old = this.renewer.lease("alice").key();
		this.provisioner.failing = true;

		assertThatThrownBy(() -> this.renewer.renew("alice", old)).isInstanceOf(ProvisioningUnavailableException.class);
		assertThat(this.store.find("alice")).contains(old);
		assertThat(this.provisioner.deleted).isEmpty();
	}

	@Test
	void forceProvisionRotatesEvenAFreshKey() {
		UserKey old = this.renewer.lease("alice").key();

		UserKey rotated = this.renewer.forceProvision("alice");

		assertThat(rotated.keyHash()).isNotEqualTo(old.keyHash());
		assertThat(rotated.autoRenewed()).isFalse();
		assertThat(rotated.renewalCount()).isEqualTo(1);
		assertThat(this.provisioner.deleted).containsExactly(old.keyHash());
	}

	@Test
	void deleteRemovesTheKeyAtOpenRouterThenInTheStore() {
		UserKey old = this.renewer.lease("alice").key();

		this.renewer.delete("alice");

		assertThat(this.provisioner.deleted).containsExactly(old.keyHash());
		assertThat(this.store.find("alice")).isEmpty();
		assertThatThrownBy(() -> this.renewer.delete("alice")).isInstanceOf(KeyNotFoundException.class);
	}

	@RepeatedTest(5)
	void concurrentFirstUseMintsOnce() throws Exception {
		List<KeyRenewer.KeyLease> leases = race(32, () -> this.renewer.lease("alice"));

		assertThat(this.provisioner.minted).hasSize(1);
		assertThat(leases).extracting((lease) -> lease.key().keyHash()).containsOnly("hash-1");
		assertThat(this.store.find("alice").orElseThrow().keyHash()).isEqualTo("hash-1");
	}

	@RepeatedTest(5)
	void concurrent401sForOneUserMintOnce() throws Exception {
		UserKey old = this.renewer.lease("alice").key();

		List<UserKey> renewed = race(32, () -> this.renewer.renew("alice", old));

		assertThat(this.provisioner.minted).hasSize(2);
		assertThat(renewed).extracting(UserKey::keyHash).containsOnly("hash-2");
		assertThat(this.store.find("alice").orElseThrow().keyHash()).isEqualTo("hash-2");
		assertThat(this.provisioner.deleted).containsExactly("hash-1");
	}

	@Test
	void usersNeverWaitOnEachOther() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		this.provisioner.hold("slow", release);
		Future<KeyRenewer.KeyLease> slow = this.pool.submit(() -> this.renewer.lease("slow"));
		assertThat(this.provisioner.entered.get("slow").await(5, TimeUnit.SECONDS)).isTrue();

		KeyRenewer.KeyLease fast = this.pool.submit(() -> this.renewer.lease("fast")).get(5, TimeUnit.SECONDS);

		assertThat(fast.key().userId()).isEqualTo("fast");
		assertThat(slow.isDone()).isFalse();
		release.countDown();
		assertThat(slow.get(5, TimeUnit.SECONDS).key().userId()).isEqualTo("slow");
	}

	private <T> List<T> race(int threads, java.util.concurrent.Callable<T> task) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		List<Future<T>> futures = new ArrayList<>();
		for (int i = 0; i < threads; i++) {
			futures.add(this.pool.submit(() -> {
				start.await(5, TimeUnit.SECONDS);
				return task.call();
			}));
		}
		start.countDown();
		List<T> results = new ArrayList<>();
		for (Future<T> future : futures) {
			results.add(future.get(10, TimeUnit.SECONDS));
		}
		return results;
	}

}
