package io.autorenew.store;

import java.util.Locale;
import java.util.Set;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;

/**
 * The embedded store's backend, committing every write before it is answered: H2's MVStore
 * otherwise commits about once a second, so a process killed ({@code SIGKILL}) just after a
 * caller was answered would lose the key, claim or budget change it was told about. The
 * commit writes the change to the file (the operating system has it; a process kill cannot
 * lose it). Reads commit nothing.
 */
final class CommittingH2Backend extends H2Backend {

	/** The commands that change data, in lower case. */
	private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findandmodify", "createindexes",
			"dropindexes", "drop", "dropdatabase", "create", "renamecollection");

	CommittingH2Backend(String file) {
		super(file);
	}

	/** Every command of the driver (OP_MSG): its name is the first key of its document. */
	@Override
	public Document handleMessage(MongoMessage message) {
		Document answer = super.handleMessage(message);
		String command = message.getDocument().keySet().stream().findFirst().orElse("");
		if (WRITES.contains(command.toLowerCase(Locale.ROOT))) {
			commit();
		}
		return answer;
	}

}
