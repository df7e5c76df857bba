package io.autorenew.money;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.autorenew.crypto.KeyCipher;
import io.autorenew.crypto.KeyEncryptionProperties;
import io.autorenew.hygiene.KeyReconciler;
import io.autorenew.support.Api.Response;
import io.autorenew.support.LedgerKey;
import io.autorenew.support.MutableClock;
import io.autorenew.support.OpenRouterLedger;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.StoredKeys;
import io.autorenew.support.Tokens;
import io.autorenew.support.VirtualTimeIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user's budget (5 USD a month by default) survives renewal: the spend of a replaced key is
 * read from OpenRouter and carried, so the next key gets what is left; a user who spent it all
 * gets 402 {@code budget_exhausted} and no key; a new month gives a lowered key its full budget
 * back. The service's clock is set by hand to the last hour of a month.
 */
class BudgetIntegrationTests extends VirtualTimeIntegrationTest {

	private static final String PROMPT = "{\"prompt\":\"Summarise the quarterly report.\"}";

	private static final Instant MONTH_END = Instant.parse("2027-01-01T00:00:00Z");

	@Autowired
	private MutableClock clock;

	@Autowired
	private KeyReconciler reconciler;

	@BeforeEach
	void lastHourOfTheMonth() {
		this.clock.setInstant(MONTH_END.minus(Duration.ofHours(1)));
		OpenRouterStub.chatChecksLedger();
	}

	@Test
	void oneRenewalCarriesTheSpendAndTheNewKeyGetsWhatIsLeft() {
		LedgerKey first = firstKey("alice");
		OpenRouterLedger.setUsage(first.hash(), 1.25);
		OpenRouterLedger.expire(first.key());

		Response renewed = analyse("alice");

		assertThat(renewed.status()).isEqualTo(200);
		assertThat(renewed.json().path("keyRenewed").asBoolean()).isTrue();
		assertThat(liveKey("alice").limit()).isEqualTo(3.75);
		assertThat(liveKey("alice").limitReset()).isEqualTo("monthly");
	}

	@Test
	void twoRenewalsInOnePeriodCarryBothSpends() {
		LedgerKey first = firstKey("alice");
		OpenRouterLedger.setUsage(first.hash(), 1.25);
		OpenRouterLedger.expire(first.key());
		analyse("alice");
		LedgerKey second = liveKey("alice");
		OpenRouterLedger.setUsage(second.hash(), 1.0);
		OpenRouterLedger.expire(second.key());

		assertThat(analyse("alice").status()).isEqualTo(200);

		assertThat(liveKey("alice").limit()).isEqualTo(2.75);
		JsonNode status = this.api.get("/analysis/key", Tokens.user("alice", this.clock)).json();
		assertThat(status.path("budgetUsd").decimalValue()).isEqualByComparingTo("5");
		assertThat(status.path("spentUsd").decimalValue()).isEqualByComparingTo("2.25");
		assertThat(status.path("remainingUsd").decimalValue()).isEqualByComparingTo("2.75");
	}

	@Test
	void aUserWhoSpentTheWholeBudgetGets402UntilThePeriodEndsAndNoKey() {
		LedgerKey first = firstKey("alice");
		OpenRouterLedger.setUsage(first.hash(), 5.0);
		OpenRouterLedger.expire(first.key());
		int mints = OpenRouterStub.mintRequests().size();

		Response exhausted = analyse("alice");

		assertThat(exhausted.status()).isEqualTo(402);
		assertThat(exhausted.code()).isEqualTo("budget_exhausted");
		assertThat(exhausted.json().path("periodEndsAt").asString()).isEqualTo(MONTH_END.toString());
		assertThat(Long.parseLong(exhausted.retryAfter())).isBetween(3600L, 3601L);
		assertThat(OpenRouterStub.mintRequests()).as("no key is minted").hasSize(mints);
		assertThat(analyse("alice").code()).as("after renewal too").isEqualTo("budget_exhausted");
		assertThat(OpenRouterStub.mintRequests()).hasSize(mints);
	}

	@Test
	void aNewMonthGivesALoweredKeyItsFullBudgetBackAtTheFirstRequestAndNotBefore() {
		LedgerKey first = firstKey("alice");
		OpenRouterLedger.setUsage(first.hash(), 2.0);
		OpenRouterLedger.expire(first.key());
		analyse("alice");
		LedgerKey lowered = liveKey("alice");
		assertThat(lowered.limit()).isEqualTo(3.0);

		this.clock.setInstant(MONTH_END.minusMillis(1));
		analyse("alice");
		assertThat(liveKey("alice").limit()).as("one millisecond before the month ends").isEqualTo(3.0);

		this.clock.setInstant(MONTH_END);
		assertThat(analyse("alice").status()).isEqualTo(200);
		assertThat(liveKey("alice").hash()).isEqualTo(lowered.hash());
		assertThat(liveKey("alice").limit()).isEqualTo(5.0);
		assertThat(OpenRouterLedger.patchBodies()).extracting(JsonNode::toString).containsExactly("{\"limit\":5}");
	}

	@Test
	void theAdminBudgetApiSetsTheBudgetAndTheLiveKeysLimit() {
		LedgerKey first = firstKey("alice");
		OpenRouterLedger.setUsage(first.hash(), 1.5);
		OpenRouterLedger.expire(first.key());
		analyse("alice");

		Response set = this.api.exchangeJson("PUT", "/admin/users/alice/budget", Tokens.admin(this.clock),
				"{\"limitUsd\": 12.5}");

		assertThat(set.status()).as(set.body()).isEqualTo(200);
		JsonNode budget = set.json();
		assertThat(budget.path("limitUsd").decimalValue()).isEqualByComparingTo("12.5");
		assertThat(budget.path("spentUsd").decimalValue()).isEqualByComparingTo("1.5");
		assertThat(budget.path("remainingUsd").decimalValue()).isEqualByComparingTo("11");
		assertThat(budget.path("period").asString()).isEqualTo("monthly");
		assertThat(budget.path("periodEndsAt").asString()).isEqualTo(MONTH_END.toString());
		assertThat(budget.path("source").asString()).isEqualTo("user");
		assertThat(liveKey("alice").limit()).isEqualTo(11.0);
		assertThat(this.api.get("/admin/users/alice/budget", Tokens.admin(this.clock)).body()).isEqualTo(set.body());

		Response reset = this.api.exchangeJson("PUT", "/admin/users/alice/budget", Tokens.admin(this.clock),
				"{\"limitUsd\": null}");
		assertThat(reset.json().path("source").asString()).isEqualTo("default");
		assertThat(liveKey("alice").limit()).isEqualTo(3.5);
		for (String bad : List.of("{\"limitUsd\": -1}", "{\"limitUsd\": 0}", "{\"limit\": 3}", "[]")) {
			Response refused = this.api.exchangeJson("PUT", "/admin/users/alice/budget", Tokens.admin(this.clock), bad);
			assertThat(refused.status()).as(bad).isEqualTo(400);
			assertThat(refused.code()).isEqualTo("invalid_request");
		}
		assertThat(this.api.get("/admin/users/alice/openrouter-key/events", Tokens.admin(this.clock))
			.json()
			.path("events")
			.findValuesAsString("event")).contains("budget_set").doesNotContain("budget_read");
	}

	/** Every path that retires a key carries its spend: the user's next key gets only what is left. */
	@Test
	void anAdminDeleteCarriesTheSpendOfTheDeletedKey() {
		LedgerKey first = firstKey("carol");
		OpenRouterLedger.setUsage(first.hash(), 4.9);

		assertThat(this.api.delete("/admin/users/carol/openrouter-key", Tokens.admin(this.clock)).status())
			.isEqualTo(204);
		assertThat(analyse("carol").status()).isEqualTo(200);

		assertThat(liveKey("carol").limit()).isEqualTo(0.1);
		assertThat(this.api.get("/admin/users/carol/budget", Tokens.admin(this.clock)).json().path("spentUsd")
			.decimalValue()).isEqualByComparingTo("4.9");
	}

	@Test
	void aForceProvisionCarriesTheSpendOfTheReplacedKey() {
		LedgerKey first = firstKey("alice");
		OpenRouterLedger.setUsage(first.hash(), 1.25);

		assertThat(this.api.postEmpty("/admin/users/alice/openrouter-key", Tokens.admin(this.clock)).status())
			.isEqualTo(201);

		assertThat(liveKey("alice").limit()).isEqualTo(3.75);
	}

	@Test
	void aSuspensionKeepsTheSpendAcrossResumeAndTheNextRenewal() {
		LedgerKey first = firstKey("alice");
		OpenRouterLedger.setUsage(first.hash(), 1.25);
		this.api.postEmpty("/admin/users/alice/suspend", Tokens.admin(this.clock));
		this.api.postEmpty("/admin/users/alice/resume", Tokens.admin(this.clock));
		OpenRouterLedger.expire(first.key());

		assertThat(analyse("alice").status()).isEqualTo(200);

		assertThat(liveKey("alice").limit()).isEqualTo(3.75);
	}

	@Test
	void theReconcilerCarriesTheSpendOfAnOrphanItDeletes() {
		LedgerKey first = firstKey("alice");
		LedgerKey orphan = OpenRouterLedger.addForeign("analysis-service:alice:lost-mint-answer");
		OpenRouterLedger.setUsage(orphan.hash(), 1.0);
		OpenRouterLedger.setCreatedAt(orphan.hash(), this.clock.instant().minus(Duration.ofDays(1)));

		assertThat(this.reconciler.reconcile()).isEqualTo(1);
		OpenRouterLedger.expire(first.key());
		assertThat(analyse("alice").status()).isEqualTo(200);

		assertThat(liveKey("alice").limit()).isEqualTo(4.0);
	}

	@Test
	void aKeyTheServiceCanNoLongerDecryptCarriesItsSpend() {
		LedgerKey held = OpenRouterLedger.addForeign("analysis-service:alice:before-the-key-change");
		OpenRouterLedger.setUsage(held.hash(), 1.25);
		StoredKeys.seed("alice", held.key(), held.hash());
		KeyCipher former = new KeyCipher(KeyEncryptionProperties.of("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", ""));
		StoredKeys.collection()
			.updateOne(com.mongodb.client.model.Filters.eq("user_id", "alice"),
					com.mongodb.client.model.Updates.combine(
							com.mongodb.client.model.Updates.set("encrypted_key", former.encrypt("alice", held.key())),
							com.mongodb.client.model.Updates.set("encryption_key_id", former.currentKeyId())));

		Response renewed = analyse("alice");

		assertThat(renewed.json().path("keyRenewed").asBoolean()).isTrue();
		assertThat(liveKey("alice").limit()).isEqualTo(3.75);
	}

	private LedgerKey firstKey(String user) {
		assertThat(analyse(user).status()).isEqualTo(200);
		return liveKey(user);
	}

	private static LedgerKey liveKey(String user) {
		String hash = StoredKeys.of(user).getString("key_hash");
		return OpenRouterLedger.live().stream().filter((key) -> key.hash().equals(hash)).findFirst().orElseThrow();
	}

	private Response analyse(String user) {
		return this.api.analyse(Tokens.user(user, this.clock), PROMPT);
	}

}
