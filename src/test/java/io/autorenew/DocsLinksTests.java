package io.autorenew;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every relative link of the Markdown docs (README, the guide, BENCHMARKS.md and {@code docs/})
 * reaches a file of the repository and, when it names one, a heading of that file (GitHub's
 * anchors: lower case, punctuation dropped, spaces as hyphens).
 */
class DocsLinksTests {

	private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

	private static final Pattern HEADING = Pattern.compile("^#+ (.+)$");

	@Test
	void everyRelativeLinkReachesAFileAndAHeading() throws IOException {
		List<String> broken = new ArrayList<>();
		for (Path file : markdown()) {
			Matcher link = LINK.matcher(Files.readString(file));
			while (link.find()) {
				String target = link.group(1);
				if (target.matches("^[a-z]+:.*")) {
					continue;
				}
				String path = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
				String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
				Path resolved = path.isEmpty() ? file : file.toAbsolutePath().getParent().resolve(path).normalize();
				if (!Files.exists(resolved)) {
					broken.add(file + ": " + target + " (no such file)");
				}
				else if (anchor != null && resolved.toString().endsWith(".md") && !anchors(resolved).contains(anchor)) {
					broken.add(file + ": " + target + " (no such heading)");
				}
			}
		}
		assertThat(broken).isEmpty();
	}

	@Test
	void theReadmeIsAShortFrontDoorThatLinksTheRest() throws IOException {
		List<String> readme = Files.readAllLines(Path.of("README.md"));
		assertThat(readme).as("README.md lines").hasSizeLessThanOrEqualTo(200);
		assertThat(String.join("\n", readme)).contains("```mermaid", "(docs/configuration.md)", "(docs/api.md)",
				"(docs/agents.md)", "(docs/production.md)", "(AUTO_RENEWAL_GUIDE.md)", "(BENCHMARKS.md)",
				"/swagger-ui.html");
	}

	/**
	 * BENCHMARKS.md says where each figure comes from: the generated part names its run's commit
	 * and machine; every hand-written section, in its summary and in bench/NOTES.md, is a row of
	 * its file's table that names the code measured.
	 */
	@Test
	void everyBenchmarkSectionNamesTheCommitItMeasured() throws IOException {
		String benchmarks = Files.readString(Path.of("BENCHMARKS.md"));
		assertThat(benchmarks).containsPattern("\\| code \\| commit [0-9a-f]{7}").containsPattern("\\| machine \\| \\d+ cores");
		List<String> unsourced = new ArrayList<>();
		unsourced.addAll(unsourced(benchmarks.substring(benchmarks.indexOf("<!-- notes:begin -->"),
				benchmarks.indexOf("<!-- notes:end -->"))));
		unsourced.addAll(unsourced(Files.readString(Path.of("bench", "NOTES.md"))));
		assertThat(unsourced).as("sections of the benchmark notes without their commit").isEmpty();
	}

	private static List<String> unsourced(String notes) {
		List<String> unsourced = new ArrayList<>();
		for (String line : notes.split("\n")) {
			if (line.startsWith("## ") && !line.startsWith("## Where each")) {
				String section = line.substring(3).replaceAll(" \\(.*$", "");
				if (!Pattern.compile("(?m)^\\| " + Pattern.quote(section) + " \\| [^|]*commit [0-9a-f]{7}").matcher(notes).find()) {
					unsourced.add(section);
				}
			}
		}
		return unsourced;
	}

	private static List<Path> markdown() throws IOException {
		List<Path> files = new ArrayList<>(DocsSnippetsIntegrationTests.documents());
		files.add(Path.of("BENCHMARKS.md"));
		files.add(Path.of("bench", "NOTES.md"));
		return files;
	}

	private static Set<String> anchors(Path file) throws IOException {
		Set<String> anchors = new HashSet<>();
		boolean inBlock = false;
		for (String line : Files.readAllLines(file)) {
			if (line.startsWith("```")) {
				inBlock = !inBlock;
			}
			Matcher heading = HEADING.matcher(line);
			if (!inBlock && heading.matches()) {
				anchors.add(heading.group(1)
					.trim()
					.toLowerCase(Locale.ROOT)
					.replace("`", "")
					.replaceAll("[^\\p{L}\\p{N}_\\- ]", "")
					.replace(' ', '-'));
			}
		}
		return anchors;
	}

}
