package io.autorenew;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/development.md's layout table against the code: it lists every package under
 * {@code src/main/java/io/autorenew/}, and the top-level ones in the order of
 * {@link ArchitectureTests#LAYERS}, the order the build checks.
 */
class LayoutTableTests {

	private static final Pattern ROW = Pattern.compile("^\\| `([a-z/]+)/` \\|", Pattern.MULTILINE);

	@Test
	void theTableListsEveryPackageInLayerOrder() throws IOException {
		String doc = Files.readString(Path.of("docs/development.md"));
		String section = doc.substring(doc.indexOf("## Project layout"));
		List<String> rows = new ArrayList<>();
		Matcher row = ROW.matcher(section);
		while (row.find()) {
			rows.add(row.group(1));
		}
		Path root = Path.of("src/main/java/io/autorenew");
		List<String> packages;
		try (Stream<Path> walk = Files.walk(root)) {
			packages = walk.filter(Files::isDirectory)
				.filter((dir) -> !dir.equals(root))
				.map((dir) -> root.relativize(dir).toString().replace('\\', '/'))
				.sorted()
				.toList();
		}
		assertThat(rows).as("packages in the layout table").containsExactlyInAnyOrderElementsOf(packages);
		List<String> topLevel = rows.stream().filter((name) -> !name.contains("/")).toList();
		List<String> layered = ArchitectureTests.LAYERS.stream().flatMap(List::stream).toList();
		assertThat(topLevel).as("the table's order, top down, is the layers' order").isEqualTo(layered);
	}

}
