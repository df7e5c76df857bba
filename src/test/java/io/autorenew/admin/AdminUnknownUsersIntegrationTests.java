package io.autorenew.admin;

import java.util.List;

import io.autorenew.support.Api.Response;
import io.autorenew.support.IntegrationTest;
import io.autorenew.support.MongoWireServer;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.Tokens;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Admin reads change nothing, and acting on a user the service has never seen needs
 * {@code ?create=true}: a typo in a user id mints, suspends and budgets nothing, and a read
 * leaves no trace that would make the typo a known user.
 */
class AdminUnknownUsersIntegrationTests extends IntegrationTest {

	@Test
	void aBudgetReadOfAUserNeverSeenIsNotFoundAndWritesNothing() {
		Response read = this.api.get("/admin/users/bob/budget", Tokens.admin());

		assertThat(read.status()).isEqualTo(404);
		assertThat(read.code()).isEqualTo("user_not_found");
		assertThat(writtenFor("bob")).as("nothing written for bob").isEmpty();
		Response forced = this.api.postEmpty("/admin/users/bob/openrouter-key", Tokens.admin());
		assertThat(forced.code()).as("the read did not make the typo a known user").isEqualTo("user_not_found");
		assertThat(OpenRouterStub.mintRequests()).isEmpty();
	}

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource({ "POST, /admin/users/bob-typo/suspend, ", "POST, /admin/users/bob-typo/resume, ",
			"PUT, /admin/users/bob-typo/budget, '{\"limitUsd\": 12.5}'" })
	void actingOnAUserNeverSeenNeedsCreate(String method, String path, String body) {
		Response refused = act(method, path, body);
		assertThat(refused.status()).as(refused.body()).isEqualTo(404);
		assertThat(refused.code()).isEqualTo("user_not_found");
		assertThat(writtenFor("bob-typo")).isEmpty();

		Response created = act(method, path + "?create=true", body);
		assertThat(created.status()).as(created.body()).isEqualTo(200);
	}

	@Test
	void budgetReadsAreNotEventsInTheKeyTrail() {
		assertThat(analyse("alice").status()).isEqualTo(200);
		for (int i = 0; i < 3; i++) {
			assertThat(this.api.get("/admin/users/alice/budget", Tokens.admin()).status()).isEqualTo(200);
		}

		Response events = this.api.get("/admin/users/alice/openrouter-key/events", Tokens.admin());
		assertThat(events.json().path("events").findValuesAsString("event")).containsExactly("provisioned");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { "\"12.5\"|must be a number", "\"NaN\"|must be a number",
			"1e-400|at most 2 decimals", "0.001|at most 2 decimals", "12.345|at most 2 decimals",
			"0|greater than 0", "-1|greater than 0", "1000000.01|at most 1000000", "1e7|at most 1000000" })
	void aBudgetThatIsNotAnAmountOfCentsIsRefusedSayingWhy(String value, String why) {
		assertThat(analyse("alice").status()).isEqualTo(200);

		Response refused = this.api.exchangeJson("PUT", "/admin/users/alice/budget", Tokens.admin(),
				"{\"limitUsd\": " + value + "}");

		assertThat(refused.status()).as(refused.body()).isEqualTo(400);
		assertThat(refused.code()).isEqualTo("invalid_request");
		assertThat(refused.body()).contains(why);
	}

	@Test
	void anAmountWithNineHundredNinetyFiveZerosIsRefusedNotRoundedToZero() {
		assertThat(analyse("alice").status()).isEqualTo(200);

		Response refused = this.api.exchangeJson("PUT", "/admin/users/alice/budget", Tokens.admin(),
				"{\"limitUsd\": 0." + "0".repeat(995) + "1}");

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.body()).contains("at most 2 decimals");
	}

	@ParameterizedTest
	@CsvSource({ "0.01", "12.34", "1000000" })
	void anAmountOfCentsUpToTheMaximumIsTaken(String value) {
		assertThat(analyse("alice").status()).isEqualTo(200);

		Response set = this.api.exchangeJson("PUT", "/admin/users/alice/budget", Tokens.admin(),
				"{\"limitUsd\": " + value + "}");

		assertThat(set.status()).as(set.body()).isEqualTo(200);
		assertThat(set.json().path("limitUsd").decimalValue()).isEqualByComparingTo(value);
	}

	private Response act(String method, String path, String body) {
		return (body == null) ? this.api.postEmpty(path, Tokens.admin())
				: this.api.exchangeJson(method, path, Tokens.admin(), body);
	}

	private Response analyse(String user) {
		return this.api.analyse(Tokens.user(user), "{\"prompt\":\"hi\"}");
	}

	/** Every document of every collection that names the user. */
	private static List<Document> writtenFor(String userId) {
		List<Document> found = new java.util.ArrayList<>();
		for (String collection : MongoWireServer.database().listCollectionNames()) {
			MongoWireServer.database()
				.getCollection(collection)
				.find(new Document("$or", List.of(new Document("user_id", userId), new Document("_id", userId))))
				.forEach(found::add);
		}
		return found;
	}

}
