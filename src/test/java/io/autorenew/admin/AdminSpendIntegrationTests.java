package io.autorenew.admin;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import io.autorenew.support.Api.Response;
import io.autorenew.support.IntegrationTest;
import io.autorenew.support.SpendDays;
import io.autorenew.support.Tokens;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Who spent what this month?" answered from the spend ledger's daily totals: by day, user or
 * model, as JSON or CSV, for everyone or one user; a bad range is 400, an unknown user 404, and
 * only admins may ask.
 */
class AdminSpendIntegrationTests extends IntegrationTest {

	private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

	@Test
	void callsOfTheDayAreGroupedByUserModelAndDay() {
		analyse("alice");
		analyse("alice");
		analyse("bob");
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> SpendDays.calls() >= 3);
		SpendDays.seed(TODAY.minusDays(3), "carol", "anthropic/claude-haiku-4.5", 5, 2_000_000_000L);

		JsonNode byUser = admin("/admin/spend?groupBy=user").json();
		JsonNode byModel = admin("/admin/spend?groupBy=model").json();
		JsonNode byDay = admin("/admin/spend").json();

		assertThat(byUser.path("rows").findValuesAsString("key")).containsExactly("carol", "alice", "bob");
		assertThat(byUser.path("rows").path(1).path("calls").asLong()).isEqualTo(2);
		assertThat(byUser.path("rows").path(1).path("costUsd").decimalValue()).isEqualByComparingTo("0.000025");
		assertThat(byUser.path("totalUsd").decimalValue()).as("the rows, each to the micro-dollar, added up").isEqualByComparingTo("2.000038");
		assertThat(byModel.path("rows").findValuesAsString("key")).containsExactly("anthropic/claude-haiku-4.5",
				"openai/gpt-4o-mini");
		assertThat(byDay.path("rows").findValuesAsString("key"))
			.as("one row per day with spend, oldest first")
			.containsExactly(TODAY.minusDays(3).toString(), TODAY.toString());
		assertThat(byDay.path("from").asString()).isEqualTo(TODAY.minusDays(29).toString());
		assertThat(byDay.path("to").asString()).isEqualTo(TODAY.toString());
	}

	@Test
	void aRangeLeavesOutTheDaysOutsideIt() {
		SpendDays.seed(TODAY.minusDays(40), "alice", "openai/gpt-4o-mini", 1, 1_000_000_000L);
		SpendDays.seed(TODAY.minusDays(10), "alice", "openai/gpt-4o-mini", 2, 500_000_000L);

		JsonNode recent = admin("/admin/spend?groupBy=user").json();
		JsonNode older = admin("/admin/spend?groupBy=user&from=" + TODAY.minusDays(45) + "&to=" + TODAY.minusDays(35))
			.json();

		assertThat(recent.path("totalUsd").decimalValue()).isEqualByComparingTo("0.5");
		assertThat(older.path("rows").path(0).path("calls").asLong()).isEqualTo(1);
		assertThat(older.path("totalUsd").decimalValue()).isEqualByComparingTo("1");
	}

	@Test
	void csvHasAHeaderAndOneLinePerRow() {
		SpendDays.seed(TODAY, "alice", "openai/gpt-4o-mini", 2, 51_500L);
		SpendDays.seed(TODAY, "=cmd|' /C calc'!A0", "openai/gpt-4o-mini", 1, 1_000L);

		HttpResponse<String> csv = this.api.exchange("GET", "/admin/spend?groupBy=user",
				Map.of("Authorization", "Bearer " + Tokens.admin(), "Accept", "text/csv"), null);

		assertThat(csv.statusCode()).isEqualTo(200);
		assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
		assertThat(csv.body().split("\r\n")).containsExactly(
				"user,calls,input_tokens,output_tokens,reasoning_tokens,cached_tokens,cost_usd",
				"alice,2,24,14,4,8,0.000052", "'=cmd|' /C calc'!A0,1,12,7,2,4,0.000001");
	}

	@Test
	void oneUsersSpendByDayAndUnknownUsersAre404() {
		analyse("alice");
		analyse("bob");
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> SpendDays.calls() >= 2);

		JsonNode alice = admin("/admin/users/alice/spend").json();
		Response nobody = admin("/admin/users/nobody/spend");
		Response byUser = admin("/admin/users/alice/spend?groupBy=user");

		assertThat(alice.path("userId").asString()).isEqualTo("alice");
		assertThat(alice.path("rows")).hasSize(1);
		assertThat(alice.path("rows").path(0).path("key").asString()).isEqualTo(TODAY.toString());
		assertThat(alice.path("rows").path(0).path("calls").asLong()).isEqualTo(1);
		assertThat(nobody.status()).isEqualTo(404);
		assertThat(nobody.code()).isEqualTo("user_not_found");
		assertThat(byUser.code()).isEqualTo("invalid_request");
	}

	@Test
	void dailySeriesGiveEachOfTheTopModelsOneValuePerDayAndAddUpTheRest() {
		SpendDays.seed(TODAY.minusDays(2), "alice", "openai/gpt-4o-mini", 1, 3_000_000L);
		SpendDays.seed(TODAY, "alice", "openai/gpt-4o-mini", 1, 1_000_000L);
		SpendDays.seed(TODAY, "bob", "anthropic/claude-haiku-4.5", 1, 2_000_000L);
		SpendDays.seed(TODAY, "carol", "google/gemini-2.5-flash", 1, 500_000L);

		JsonNode body = admin("/admin/spend/daily?split=model&top=2&from=" + TODAY.minusDays(2) + "&to=" + TODAY).json();
		JsonNode users = admin("/admin/spend/daily?split=user&top=5&from=" + TODAY.minusDays(2) + "&to=" + TODAY).json();

		assertThat(body.path("daily").path("days").values()).extracting(JsonNode::asString)
			.containsExactly(TODAY.minusDays(2).toString(), TODAY.minusDays(1).toString(), TODAY.toString());
		JsonNode series = body.path("daily").path("series");
		assertThat(series.findValuesAsString("key")).containsExactly("openai/gpt-4o-mini", "anthropic/claude-haiku-4.5",
				"(other)");
		assertThat(series.path(0).path("costUsd").values()).extracting(JsonNode::decimalValue)
			.usingElementComparator(java.math.BigDecimal::compareTo)
			.containsExactly(new java.math.BigDecimal("0.003"), java.math.BigDecimal.ZERO, new java.math.BigDecimal("0.001"));
		assertThat(series.path(2).path("costUsd").path(2).decimalValue()).isEqualByComparingTo("0.0005");
		assertThat(users.path("daily").path("series").findValuesAsString("key")).containsExactly("alice", "bob", "carol");
		assertThat(admin("/admin/spend/daily?split=day").code()).isEqualTo("invalid_request");
		assertThat(admin("/admin/spend/daily?top=21").code()).isEqualTo("invalid_request");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "from after to, /admin/spend?from=2026-12-07&to=2026-12-01",
			"more than 366 days, /admin/spend?from=2025-01-01&to=2026-12-01", "not a date, /admin/spend?from=yesterday",
			"no such grouping, /admin/spend?groupBy=key" })
	void aBadReportRequestIs400(String why, String path) {
		Response refused = admin(path);

		assertThat(refused.status()).as(why).isEqualTo(400);
		assertThat(refused.code()).isEqualTo("invalid_request");
	}

	@Test
	void onlyAdminsSeeSpend() {
		assertThat(this.api.get("/admin/spend", Tokens.user("alice")).code()).isEqualTo("forbidden");
		assertThat(this.api.get("/admin/spend", null).status()).isEqualTo(401);
	}

	private Response admin(String path) {
		return this.api.get(path, Tokens.admin());
	}

	private void analyse(String user) {
		assertThat(this.api.analyse(Tokens.user(user), "{\"prompt\":\"hello\"}").status()).isEqualTo(200);
	}

}
