package io.autorenew.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Assumptions;

/**
 * The programs some tests run besides the JVM (promtool, nginx, docker-compose, Chromium, curl,
 * openssl, node). On a machine without one, its tests are skipped with one line naming the
 * Debian package to install; with {@code TEST_TOOLS_REQUIRED=true}, which {@code .ci/run} sets
 * after installing them, a missing tool fails the test instead, so in CI they always run.
 */
public final class Tools {

	/** The switch that makes every tool required. */
	public static final String REQUIRED = "TEST_TOOLS_REQUIRED";

	private static final Set<String> reported = ConcurrentHashMap.newKeySet();

	private Tools() {
	}

	/** Skips the test (or fails it, where tools are required) unless {@code program} is on the PATH. */
	public static void require(String program, String debianPackage) {
		require(onPath(program), program, debianPackage);
	}

	/** Skips the test (or fails it, where tools are required) unless the file at {@code path} can be run. */
	public static void require(Path path, String debianPackage) {
		require(Files.isExecutable(path), path.toString(), debianPackage);
	}

	/** Whether {@code program} is on the PATH. */
	public static boolean onPath(String program) {
		String path = System.getenv("PATH");
		if (path == null) {
			return false;
		}
		for (String dir : path.split(File.pathSeparator)) {
			if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
				return true;
			}
		}
		return false;
	}

	private static void require(boolean found, String program, String debianPackage) {
		if (found) {
			return;
		}
		String line = program + " is not installed: apt-get install " + debianPackage;
		if (Boolean.parseBoolean(System.getenv(REQUIRED))) {
			throw new AssertionError(line + " (" + REQUIRED + " is set: .ci/run installs it)");
		}
		if (reported.add(program)) {
			System.err.println("[tests] skipped where needed: " + line);
		}
		Assumptions.abort(line);
	}

}
