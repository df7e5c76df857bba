package io.autorenew.hygiene;

import java.time.Duration;
import java.time.Instant;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.autorenew.InvalidSettingException;
import io.autorenew.keys.KeyMetrics;
import io.autorenew.keys.KeyNames;
import io.autorenew.keys.UserKey;
import io.autorenew.money.CapProperties;
import io.autorenew.money.MintCaps;
import io.autorenew.money.MoneyFixtures;
import io.autorenew.openrouter.ListedKey;
import io.autorenew.renewal.RenewalFixture;
import io.autorenew.store.ServiceLease;
import io.autorenew.support.MongoWireServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The orphan reconciler against a recording provisioner, with its lease in the Mongo-wire
 * store, as two replicas would share it.
 */
class KeyReconcilerTests {

	private static final ReconcilerProperties PROPERTIES = new ReconcilerProperties(true, Duration.ofHours(1),
			Duration.ZERO, Duration.ofMinutes(15));

	private final RenewalFixture world = new RenewalFixture();

	private MongoClient client;

	private MongoTemplate mongo;

	@BeforeEach
	void store() {
		MongoWireServer.reset();
		this.client = MongoClients.create(MongoWireServer.uri());
		this.mongo = new MongoTemplate(this.client, MongoWireServer.DATABASE);
	}

	@AfterEach
	void close() {
		this.client.close();
	}

	@Test
	void deletesOldUntrackedKeysWithOurPrefixOnly() {
		UserKey stored = this.world.renewer.lease("alice").key();
		listed("lost", "analysis-service:bob:mint-lost", "sk-or-v1-abc...1c96",
				RenewalFixture.START.minus(Duration.ofHours(2)));
		listed("young", "analysis-service:carol:mint-young", "sk-or-v1-abc...2d07",
				RenewalFixture.START.minus(Duration.ofMinutes(5)));
		listed("foreign", "other-app:prod", "sk-or-v1-abc...3e18",
				RenewalFixture.START.minus(Duration.ofDays(90)));

		int deleted = reconciler("replica-a").reconcile();

		assertThat(deleted).isEqualTo(1);
		assertThat(this.world.provisioner.deleted).containsExactly("lost");
		assertThat(this.world.provisioner.live).containsOnlyKeys(stored.keyHash(), "young", "foreign");
		assertThat(this.world.events.summary()).endsWith("orphan_deleted untracked");
		assertThat(this.world.events.events.get(this.world.events.events.size() - 1).userId()).isEqualTo("bob");
		assertThat(this.world.events.events.get(this.world.events.events.size() - 1).oldKeyLabel())
			.isEqualTo("****1c96");
		assertThat(this.world.count("openrouter.keys.deleted")).isEqualTo(1);
	}

	@Test
	void neverDeletesAStoredKeyHoweverOld() {
		UserKey stored = this.world.renewer.lease("alice").key();
		this.world.clock.advance(Duration.ofDays(365));

		assertThat(reconciler("replica-a").reconcile()).isZero();
		assertThat(this.world.provisioner.live).containsOnlyKeys(stored.keyHash());
	}

	@Test
	void oneReplicaAtATime() {
		assertThat(reconciler("replica-a").reconcile()).isZero();
		assertThat(reconciler("replica-b").reconcile()).isEqualTo(-1);
		assertThat(reconciler("replica-a").reconcile()).isZero();

		this.world.clock.advance(PROPERTIES.interval().plusSeconds(1));

		assertThat(reconciler("replica-b").reconcile()).isZero();
		assertThat(reconciler("replica-a").reconcile()).isEqualTo(-1);
	}

	/** Two deployments on one OpenRouter account, each with its own prefix: neither deletes the other's keys. */
	@Test
	void aDeploymentWithAnotherPrefixLeavesOurKeysAloneAndWeLeaveItsKeys() {
		UserKey stored = this.world.renewer.lease("alice").key();
		listed("ours-lost", "analysis-service:bob:mint-1", "sk-or-v1-abc...1c96",
				RenewalFixture.START.minus(Duration.ofHours(2)));
		listed("theirs-lost", "team-b:dave:mint-1", "sk-or-v1-abc...4f29",
				RenewalFixture.START.minus(Duration.ofHours(2)));
		listed("look-alike", "analysis-service-b:erin:mint-1", "sk-or-v1-abc...5a30",
				RenewalFixture.START.minus(Duration.ofHours(2)));

		assertThat(reconciler("team-b-replica", "team-b").reconcile()).isEqualTo(1);
		this.world.clock.advance(PROPERTIES.interval().plusSeconds(1));
		assertThat(reconciler("our-replica", KeyNames.DEFAULT_PREFIX).reconcile()).isEqualTo(1);

		assertThat(this.world.provisioner.deleted).containsExactly("theirs-lost", "ours-lost");
		assertThat(this.world.provisioner.live).containsOnlyKeys(stored.keyHash(), "look-alike");
	}

	@Test
	void aPrefixIsOneToFortySafeCharacters() {
		assertThat(new KeyNames("a".repeat(40)).forUser("alice")).startsWith("a".repeat(40) + ":alice:");
		assertThatThrownBy(() -> new KeyNames("a".repeat(41))).isInstanceOf(InvalidSettingException.class)
			.hasMessageStartingWith("OPENROUTER_KEY_NAME_PREFIX");
		assertThatThrownBy(() -> new KeyNames("team b")).isInstanceOf(InvalidSettingException.class);
		assertThatThrownBy(() -> new KeyNames("")).isInstanceOf(InvalidSettingException.class);
	}

	/** A key at OpenRouter, created {@code createdAt}. */
	private void listed(String hash, String name, String label, Instant createdAt) {
		this.world.provisioner.live.put(hash, new ListedKey(hash, name, label, createdAt));
	}

	private KeyReconciler reconciler(String instance) {
		return reconciler(instance, KeyNames.DEFAULT_PREFIX);
	}

	private KeyReconciler reconciler(String instance, String prefix) {
		KeyMetrics metrics = new KeyMetrics(this.world.meters);
		return new KeyReconciler(this.world.provisioner, this.world.store, this.world.events, metrics,
				new ServiceLease(this.mongo, this.world.clock, instance), this.world.clock, PROPERTIES,
				new KeyNames(prefix), this.world.pending, new MintCaps(new CapProperties(null, null, null), null,
						this.world.clock, this.world.events, null, java.math.BigDecimal.ONE,
						java.time.Duration.ofSeconds(30), this.world.meters),
				MoneyFixtures.budgets(this.mongo, this.world.provisioner, java.math.BigDecimal.valueOf(5), "monthly",
						this.world.clock));
	}

}
