package io.autorenew.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatusCode;

import static org.assertj.core.api.Assertions.assertThat;

/** The failure vocabulary against docs/api.md's error table, and each failure's problem. */
class FailureTests {

	private static final Pattern ROW = Pattern.compile("^\\| (\\d{3}) \\| `([a-z_]+)` \\|");

	@Test
	void theApiDocsErrorTableListsEveryFailureUnderItsStatus() throws IOException {
		Set<String> documented = new TreeSet<>();
		for (String line : Files.readAllLines(Path.of("docs", "api.md"))) {
			Matcher row = ROW.matcher(line);
			if (row.find()) {
				documented.add(row.group(1) + " " + row.group(2));
			}
		}
		Set<String> failures = new TreeSet<>();
		Arrays.stream(Failure.values()).forEach((failure) -> failures.add(failure.status().value() + " " + failure.code()));

		assertThat(documented).isEqualTo(failures);
	}

	@Test
	void everyFailureHasAnErrorStatusAndItsOwnProblemType() {
		for (Failure failure : Failure.values()) {
			assertThat(failure.status().isError()).as(failure.code()).isTrue();
			assertThat(Problems.detail(failure.with("d")).getType().toString())
				.isEqualTo("/problems/" + failure.code().replace('_', '-'));
			assertThat(Problems.detail(failure.with("d")).getProperties()).containsEntry(Problems.CODE, failure.code());
		}
	}

	@Test
	void aCodeFindsItsFailureAndNoOther() {
		assertThat(Failure.find("invalid_request")).contains(Failure.INVALID_REQUEST);
		assertThat(Failure.find("invalid_requests")).isEmpty();
	}

	@Test
	void aBareStatusMeansTheFailureOfThatStatusOrTheGeneralOne() {
		assertThat(Failure.forStatus(HttpStatusCode.valueOf(405))).isEqualTo(Failure.METHOD_NOT_ALLOWED);
		assertThat(Failure.forStatus(HttpStatusCode.valueOf(409))).isEqualTo(Failure.INVALID_REQUEST);
		assertThat(Failure.forStatus(HttpStatusCode.valueOf(503))).isEqualTo(Failure.INTERNAL_ERROR);
	}

	@Test
	void aProblemCarriesItsWaitAndItsMembers() {
		Problem problem = Failure.RATE_LIMITED.with("later").retryAfter(java.time.Duration.ofMillis(1500)).with("n", 1);

		assertThat(problem.status().value()).isEqualTo(429);
		assertThat(Problems.response(problem).getHeaders().getFirst("Retry-After")).isEqualTo("2");
		assertThat(Problems.detail(problem).getProperties()).containsEntry("n", 1).containsEntry(Problems.CODE, "rate_limited");
	}

}
