package io.autorenew.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The embedded store's folder and file are the owner's only (0700 and 0600 on POSIX file
 * systems): they hold users' encrypted keys and their audit trail.
 */
final class EmbeddedStoreFiles {

	static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");

	static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

	private EmbeddedStoreFiles() {
	}

	/** Creates the folder owner-only, or makes an existing one owner-only. */
	static void prepareDirectory(Path directory) {
		try {
			if (!posix()) {
				Files.createDirectories(directory);
				return;
			}
			if (Files.notExists(directory)) {
				Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY));
			}
			Files.setPosixFilePermissions(directory, OWNER_DIRECTORY);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create EMBEDDED_MONGO_DIR " + directory, ex);
		}
	}

	/** Creates the data file owner-only before the store opens it, or makes it owner-only. */
	static void prepareFile(Path file) {
		if (!posix()) {
			return;
		}
		try {
			if (Files.notExists(file)) {
				Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_FILE));
			}
			Files.setPosixFilePermissions(file, OWNER_FILE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot restrict the embedded store's file " + file, ex);
		}
	}

	private static boolean posix() {
		return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
	}

}
