package io.autorenew.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatusCode;

import static org.assertj.core.api.Assertions.assertThat;

/** The catalog the API description lists is docs/api.md's error table, code for code and status for status. */
class ProblemCatalogTests {

	private static final Pattern ROW = Pattern.compile("^\\| (\\d{3}) \\| `([a-z_]+)` \\|");

	@Test
	void theApiDocsErrorTableListsEveryCodeOfTheCatalogUnderItsStatus() throws IOException {
		Set<String> documented = new TreeSet<>();
		for (String line : Files.readAllLines(Path.of("docs", "api.md"))) {
			Matcher row = ROW.matcher(line);
			if (row.find()) {
				documented.add(row.group(1) + " " + row.group(2));
			}
		}
		Set<String> catalog = new TreeSet<>();
		ProblemCatalog.entries().forEach((entry) -> catalog.add(entry.status() + " " + entry.code()));

		assertThat(documented).isEqualTo(catalog);
	}

	@Test
	void everyCodeHasAnErrorStatusAndItsOwnProblemType() {
		for (ProblemCatalog.Entry entry : ProblemCatalog.entries()) {
			assertThat(entry.status()).as(entry.code()).isBetween(400, 599);
			assertThat(Problems.problem(HttpStatusCode.valueOf(entry.status()), entry.code(), "t", "d")
				.getType()
				.toString()).isEqualTo("/problems/" + entry.code().replace('_', '-'));
		}
	}

	@Test
	void anUnknownCodeIsNotInTheCatalog() {
		assertThat(ProblemCatalog.find("invalid_request")).isPresent();
		assertThat(ProblemCatalog.find("invalid_requests")).isEmpty();
	}

}
