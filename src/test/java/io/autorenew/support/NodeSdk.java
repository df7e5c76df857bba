package io.autorenew.support;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs a folder of {@code node --test} tests of an official npm SDK against the service: the
 * packages come from the folder's lock file ({@code npm ci}, once per checkout), the service's
 * address and tokens from the environment.
 */
public final class NodeSdk {

	private NodeSdk() {
	}

	/**
	 * Runs {@code sdk.test.mjs} in {@code folder} and answers its output, asserting it passed.
	 * @param installed a path under {@code node_modules} that exists once the packages are installed
	 */
	public static String test(Path folder, String installed, Map<String, String> environment)
			throws IOException, InterruptedException {
		install(folder, installed);
		Tools.require("node", "nodejs");
		ProcessBuilder node = new ProcessBuilder("node", "--test", "sdk.test.mjs").directory(folder.toFile())
			.redirectErrorStream(true);
		node.environment().putAll(environment);
		Path log = Files.createTempFile(folder.getFileName().toString(), ".log");
		Process run = node.redirectOutput(log.toFile()).start();
		boolean finished = run.waitFor(120, TimeUnit.SECONDS);
		if (!finished) {
			run.destroyForcibly();
		}
		String output = Files.readString(log, StandardCharsets.UTF_8);
		assertThat(finished).as("node finished within 120 s").isTrue();
		assertThat(run.exitValue()).as(output).isZero();
		return output;
	}

	/**
	 * {@code npm ci} in {@code folder} unless {@code installed} is already under its
	 * {@code node_modules}; one JVM at a time (a test run beside the build, an IDE's), under a
	 * file lock in {@code target/}.
	 */
	public static void install(Path folder, String installed) throws IOException, InterruptedException {
		if (Files.exists(folder.resolve("node_modules").resolve(installed))) {
			return;
		}
		String name = folder.getFileName().toString();
		Path lockFile = Files.createDirectories(Path.of("target")).resolve("npm-" + name + ".lock");
		try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
				FileLock lock = channel.lock()) {
			if (!Files.exists(folder.resolve("node_modules").resolve(installed))) {
				npmCi(folder, name);
			}
		}
	}

	private static void npmCi(Path folder, String name) throws IOException, InterruptedException {
		Tools.require("npm", "npm");
		Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(folder.toFile())
			.redirectErrorStream(true)
			.redirectOutput(new File(System.getProperty("java.io.tmpdir"), name + "-npm.log"))
			.start();
		assertThat(npm.waitFor(300, TimeUnit.SECONDS)).as("npm ci finished").isTrue();
		assertThat(npm.exitValue()).as("npm ci (see " + name + "-npm.log in the temp folder)").isZero();
	}

}
