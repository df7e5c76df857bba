package io.autorenew.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import io.autorenew.support.Api.Response;
import io.autorenew.support.IntegrationTest;
import io.autorenew.support.SpendDays;
import io.autorenew.support.StoredKeys;
import io.autorenew.support.Tokens;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Who are my users, and who spent what?": every user the service knows, with their masked key,
 * budget, what the ledger says they spent this period, suspension and renewals; sorted, filtered
 * and paged.
 */
class AdminUsersIntegrationTests extends IntegrationTest {

	private static final String PROMPT = "{\"prompt\":\"hello\"}";

	@BeforeEach
	void fourUsers() {
		analyse("alice");
		analyse("alice");
		analyse("bob");
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> SpendDays.calls() >= 3);
		assertThat(this.api.postEmpty("/admin/users/carol/suspend?create=true", Tokens.admin()).status()).isEqualTo(200);
		assertThat(this.api.exchangeJson("PUT", "/admin/users/dave/budget?create=true", Tokens.admin(),
				"{\"limitUsd\": 12.5}").status()).isEqualTo(200);
		StoredKeys.collection()
			.updateOne(new Document("user_id", "bob"), new Document("$set",
					new Document("last_renewal_at", Date.from(Instant.parse("2026-12-01T08:00:00Z"))).append("renewal_count",
							3)));
	}

	@Test
	void everyUserIsListedMostSpentFirstWithTheirKeyAndBudget() {
		JsonNode page = users("");

		assertThat(page.path("total").asInt()).isEqualTo(4);
		assertThat(page.path("users").findValuesAsString("userId")).containsExactly("alice", "bob", "carol", "dave");
		JsonNode alice = page.path("users").path(0);
		assertThat(alice.path("keyLabel").asString()).matches("\\*\\*\\*\\*.{4}");
		assertThat(alice.path("spentUsd").decimalValue()).isEqualByComparingTo("0.000025");
		assertThat(alice.path("limitUsd").decimalValue()).isEqualByComparingTo("5");
		assertThat(alice.path("remainingUsd").decimalValue()).isEqualByComparingTo("4.999975");
		assertThat(alice.path("period").asString()).isEqualTo("monthly");
		assertThat(alice.path("suspended").asBoolean()).isFalse();
		JsonNode bob = page.path("users").path(1);
		assertThat(bob.path("lastRenewalAt").asString()).isEqualTo("2026-12-01T08:00:00Z");
		assertThat(bob.path("renewals").asInt()).isEqualTo(3);
		JsonNode carol = page.path("users").path(2);
		assertThat(carol.path("suspended").asBoolean()).isTrue();
		assertThat(carol.path("keyLabel").isNull()).isTrue();
		assertThat(page.path("users").path(3).path("limitUsd").decimalValue()).isEqualByComparingTo("12.5");
	}

	@Test
	void sortedFilteredAndPaged() {
		assertThat(users("?sort=userId&size=2&page=1").path("users").findValuesAsString("userId"))
			.containsExactly("carol", "dave");
		assertThat(users("?sort=lastRenewal").path("users").path(0).path("userId").asString()).isEqualTo("bob");
		assertThat(users("?suspended=true").path("users").findValuesAsString("userId")).containsExactly("carol");
		JsonNode active = users("?suspended=false&sort=userId");
		assertThat(active.path("total").asInt()).isEqualTo(3);
		assertThat(active.path("users").findValuesAsString("userId")).containsExactly("alice", "bob", "dave");
		assertThat(users("?page=9").path("users")).isEmpty();
	}

	@Test
	void badParametersAre400AndOnlyAdminsMayList() {
		for (String bad : new String[] { "?size=0", "?size=101", "?page=-1", "?sort=budget", "?suspended=maybe" }) {
			Response refused = this.api.get("/admin/users" + bad, Tokens.admin());
			assertThat(refused.status()).as(bad).isEqualTo(400);
			assertThat(refused.code()).as(bad).isEqualTo("invalid_request");
		}
		assertThat(this.api.get("/admin/users", Tokens.user("alice")).code()).isEqualTo("forbidden");
	}

	private JsonNode users(String query) {
		Response response = this.api.get("/admin/users" + query, Tokens.admin());
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

	private void analyse(String user) {
		assertThat(this.api.analyse(Tokens.user(user), PROMPT).status()).isEqualTo(200);
	}

}
