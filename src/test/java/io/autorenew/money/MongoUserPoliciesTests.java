package io.autorenew.money;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import io.autorenew.money.UserPolicies.UserPolicy;
import io.autorenew.support.StoreSliceTest;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoOperations;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A slice: the {@code user_policies} adapter on the {@link MongoOperations} Boot builds, against
 * the Mongo-wire server, with no web layer, security or OpenRouter. Budgets and suspensions are
 * one document per user in one schema, whichever writes first, and each write keeps what the
 * other wrote.
 */
@Import(MongoUserPoliciesTests.Adapter.class)
class MongoUserPoliciesTests extends StoreSliceTest {

	private static final Instant MAY = Instant.parse("2026-05-01T00:00:00Z");

	private static final Instant JUNE = Instant.parse("2026-06-01T00:00:00Z");

	@Autowired
	private MongoUserPolicies policies;

	@Autowired
	private MongoOperations mongo;

	@BeforeEach
	void indexes() {
		this.policies.ensureIndexes();
	}

	@Test
	void aBudgetAndASuspensionOfOneUserAreOneDocumentInTheSharedSchema() {
		this.policies.setBudget("alice", new BigDecimal("12.5"));
		this.policies.inPeriod("alice", MAY);
		this.policies.liveKey("alice", "hash-live", new BigDecimal("12.5"));
		this.policies.carry("alice", "hash-retired", new BigDecimal("1.25"));
		assertThat(this.policies.suspend("alice", MAY.plusSeconds(60), "replica-a")).isTrue();

		Document stored = raw("alice");

		assertThat(stored.keySet()).containsExactlyInAnyOrder("_id", "budget_usd", "period_start", "key_hash",
				"key_limit_usd", "spent_by_key", "suspended", "suspended_at", "suspended_by");
		assertThat(stored.getDate("period_start")).isEqualTo(Date.from(MAY));
		assertThat(stored.get("spent_by_key", Document.class)).containsEntry("hash-retired", 1.25);
		assertThat(stored.getString("suspended_by")).isEqualTo("replica-a");
		UserPolicy policy = this.policies.find("alice").orElseThrow();
		assertThat(policy.budgetUsd()).isEqualByComparingTo("12.5");
		assertThat(policy.spent()).isEqualByComparingTo("1.25");
		assertThat(policy.keyHash()).isEqualTo("hash-live");
		assertThat(policy.suspendedAt()).isEqualTo(MAY.plusSeconds(60));
	}

	@Test
	void aCarryAnswersThePolicyAsItIsAfterAndOverwritesTheSameKey() {
		this.policies.setBudget("alice", new BigDecimal("10"));
		this.policies.inPeriod("alice", MAY);

		UserPolicy first = this.policies.carry("alice", "hash-retired", new BigDecimal("1.5"));
		UserPolicy again = this.policies.carry("alice", "hash-retired", new BigDecimal("2"));
		UserPolicy newcomer = this.policies.carry("carol", "hash-other", new BigDecimal("1"));

		assertThat(first.spent()).isEqualByComparingTo("1.5");
		assertThat(first.budgetUsd()).isEqualByComparingTo("10");
		assertThat(first.periodStart()).isEqualTo(MAY);
		assertThat(again.spent()).isEqualByComparingTo("2");
		assertThat(again).isEqualTo(this.policies.find("alice").orElseThrow());
		assertThat(newcomer.spent()).isEqualByComparingTo("1");
		assertThat(newcomer.budgetUsd()).isNull();
	}

	@Test
	void aCarryIntoTheStoredPeriodRecordsTheSpendAndAnswersThePolicyAfter() {
		this.policies.setBudget("alice", new BigDecimal("10"));
		this.policies.inPeriod("alice", MAY);

		UserPolicy carried = this.policies.carryInPeriod("alice", MAY, "hash-retired", new BigDecimal("1.5"))
			.orElseThrow();

		assertThat(carried.spent()).isEqualByComparingTo("1.5");
		assertThat(carried.budgetUsd()).isEqualByComparingTo("10");
		assertThat(carried).isEqualTo(this.policies.find("alice").orElseThrow());
	}

	@Test
	void aCarryIntoAPeriodNotYetStoredRecordsNothing() {
		this.policies.inPeriod("alice", MAY);

		assertThat(this.policies.carryInPeriod("alice", JUNE, "hash-retired", new BigDecimal("1.5"))).isEmpty();
		assertThat(this.policies.carryInPeriod("nobody", MAY, "hash-other", new BigDecimal("1"))).isEmpty();
		assertThat(this.policies.find("alice").orElseThrow().spentByKey()).isEmpty();
		assertThat(this.policies.find("nobody")).isEmpty();
	}

	@Test
	void aSuspensionFirstThenABudgetKeepBoth() {
		this.policies.suspend("bob", MAY, "replica-a");
		this.policies.setBudget("bob", new BigDecimal("3"));

		UserPolicy policy = this.policies.find("bob").orElseThrow();

		assertThat(policy.suspended()).isTrue();
		assertThat(policy.budgetUsd()).isEqualByComparingTo("3");
	}

	@Test
	void aNewPeriodForgetsWhatRetiredKeysSpentAndKeepsTheBudgetAndTheLiveKey() {
		this.policies.setBudget("alice", new BigDecimal("10"));
		this.policies.inPeriod("alice", MAY);
		this.policies.liveKey("alice", "hash-live", new BigDecimal("10"));
		this.policies.carry("alice", "hash-retired", new BigDecimal("4"));

		UserPolicy sameMonth = this.policies.inPeriod("alice", MAY);
		assertThat(this.policies.liveKeysBefore(JUNE)).extracting(UserPolicy::userId).containsExactly("alice");
		UserPolicy nextMonth = this.policies.inPeriod("alice", JUNE);

		assertThat(sameMonth.spentByKey()).isEqualTo(Map.of("hash-retired", new BigDecimal("4.0")));
		assertThat(nextMonth.spentByKey()).isEmpty();
		assertThat(nextMonth.periodStart()).isEqualTo(JUNE);
		assertThat(nextMonth.budgetUsd()).isEqualByComparingTo("10");
		assertThat(nextMonth.keyHash()).isEqualTo("hash-live");
		assertThat(this.policies.liveKeysBefore(JUNE)).isEmpty();
	}

	@Test
	void suspendAndResumeSayWhetherTheyChangedAnything() {
		assertThat(this.policies.resume("carol")).as("resume of a user never suspended").isFalse();
		assertThat(this.policies.suspend("carol", MAY, "replica-a")).isTrue();
		assertThat(this.policies.suspend("carol", MAY.plusSeconds(1), "replica-b")).as("second suspend").isFalse();
		assertThat(raw("carol").getString("suspended_by")).isEqualTo("replica-a");
		assertThat(this.policies.suspendedUsers()).containsExactly("carol");

		assertThat(this.policies.resume("carol")).isTrue();
		assertThat(this.policies.resume("carol")).as("second resume").isFalse();

		assertThat(this.policies.suspendedUsers()).isEmpty();
		assertThat(raw("carol").keySet()).containsExactlyInAnyOrder("_id", "suspended");
	}

	@Test
	void aBudgetBackToTheDefaultIsRemovedNotZero() {
		this.policies.setBudget("dave", new BigDecimal("7"));
		this.policies.setBudget("dave", null);

		assertThat(raw("dave").containsKey("budget_usd")).isFalse();
		assertThat(this.policies.find("dave").orElseThrow().budgetUsd()).isNull();
	}

	private Document raw(String userId) {
		return this.mongo.getCollection(MongoUserPolicies.COLLECTION).find(new Document("_id", userId)).first();
	}

	/** The adapter under test, on the slice's {@link MongoOperations}. */
	@TestConfiguration(proxyBeanMethods = false)
	static class Adapter {

		@Bean
		MongoUserPolicies mongoUserPolicies(MongoOperations mongo) {
			return new MongoUserPolicies(mongo);
		}

	}

}
