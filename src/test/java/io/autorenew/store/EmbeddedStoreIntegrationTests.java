package io.autorenew.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import io.autorenew.GatewayApplication;
import io.autorenew.InvalidSettingException;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.StoredKeys;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The embedded store as a newcomer meets it: owner-only files, loopback only, one clear line
 * when its folder is already in use, and no wall of index warnings.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedStoreIntegrationTests {

	@TempDir
	Path dir;

	@Test
	void folderAndFileAreOwnerOnly() throws Exception {
		assumePosix();
		Path data = this.dir.resolve("data");

		assertOwnerOnlyWhileOpen(data);
	}

	@Test
	void existingFolderAndFileOpenToOthersAreMadeOwnerOnly() throws Exception {
		assumePosix();
		Path data = Files.createDirectories(this.dir.resolve("data"));
		Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
		MongoStore.from(properties(data)).destroy();
		Files.setPosixFilePermissions(data.resolve(MongoStore.FILE_NAME), PosixFilePermissions.fromString("rw-r--r--"));
		Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));

		assertOwnerOnlyWhileOpen(data);
	}

	@Test
	void listensOnLoopbackOnlyAndSaysSo(CapturedOutput output) {
		MongoStore store = MongoStore.from(properties(this.dir));
		try {
			assertThat(store.getConnectionString().getHosts()).singleElement().asString().startsWith("127.0.0.1:");
			assertThat(output).contains("listening on loopback only");
		}
		finally {
			store.destroy();
		}
	}

	@Test
	void aSecondStoreOnTheSameFolderIsRefusedSayingWhatToDo() {
		MongoStore first = MongoStore.from(properties(this.dir));
		try {
			assertThatThrownBy(() -> MongoStore.from(properties(this.dir))).isInstanceOf(InvalidSettingException.class)
				.hasMessageContaining("is in use by another process")
				.satisfies((refused) -> assertThat(((InvalidSettingException) refused).action())
					.contains("Stop the other process, or set EMBEDDED_MONGO_DIR"));
		}
		finally {
			first.destroy();
		}
	}

	/** Two demos on one folder: the second ends with the reason and what to do, not a stack trace. */
	@Test
	void aSecondServiceOnTheSameFolderFailsWithOneClearMessage(CapturedOutput output) {
		try (ConfigurableApplicationContext first = start(this.dir)) {
			int before = output.length();

			assertThatThrownBy(() -> start(this.dir)).hasRootCauseInstanceOf(InvalidSettingException.class);

			String second = output.toString().substring(before);
			assertThat(second).contains("is in use by another process")
				.contains("Stop the other process, or set EMBEDDED_MONGO_DIR to another folder")
				.doesNotContain("The file is locked")
				.doesNotContain("\tat org.h2");
		}
	}

	@Test
	void theServiceOnTheEmbeddedStoreLogsNoIndexWarnings(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start(this.dir)) {
			assertThat(context.isRunning()).isTrue();
		}
		assertThat(output).doesNotContain("not yet implemented")
			.contains("The embedded store builds no secondary indexes");
	}

	/** Opens the store on {@code data} and checks its folder is 0700 and its file 0600. */
	private static void assertOwnerOnlyWhileOpen(Path data) throws Exception {
		MongoStore store = MongoStore.from(properties(data));
		try {
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(MongoStore.FILE_NAME))))
				.isEqualTo("rw-------");
		}
		finally {
			store.destroy();
		}
	}

	private static StoreProperties properties(Path dir) {
		return new StoreProperties("", dir, "analysis", Duration.ofSeconds(3), false);
	}

	private static ConfigurableApplicationContext start(Path dir) {
		return new SpringApplicationBuilder(GatewayApplication.class)
			.properties("MONGODB_URI=", "EMBEDDED_MONGO_DIR=" + dir,
					"OPENROUTER_BASE_URL=" + OpenRouterStub.baseUrl(), "KEY_ENCRYPTION_KEY=" + StoredKeys.ENCRYPTION_KEY,
					"AUTH_JWT_SECRET=" + Tokens.SECRET, "OPENROUTER_PROVISIONING_KEY=" + OpenRouterStub.MANAGEMENT_KEY,
					"OPENROUTER_RECONCILE_ENABLED=false")
			.run("--server.port=0");
	}

	private static void assumePosix() {
		assumeThat(java.nio.file.FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
	}

}
