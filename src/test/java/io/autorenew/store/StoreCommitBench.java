package io.autorenew.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Date;
import java.util.Locale;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;

/**
 * What a commit per write costs the embedded store on the path that writes: a first use (the
 * key, the budget state, the audit event: three writes), timed {@code N} times with H2's
 * once-a-second commit and with {@link CommittingH2Backend}, in one run. Not a test: run by
 * {@code bench/store-commit.sh}, which prints one JSON object.
 */
public final class StoreCommitBench {

	private StoreCommitBench() {
	}

	public static void main(String[] args) throws Exception {
		int firstUses = (args.length > 0) ? Integer.parseInt(args[0]) : 2000;
		String batched = run(false, firstUses);
		String perWrite = run(true, firstUses);
		System.out.println("{\"first_uses\":" + firstUses + ",\"once_a_second\":" + batched + ",\"per_write\":" + perWrite
				+ "}");
	}

	private static String run(boolean commitEachWrite, int firstUses) throws Exception {
		Path dir = Files.createTempDirectory("store-commit");
		String file = dir.resolve("bench.mv").toString();
		H2Backend backend = commitEachWrite ? new CommittingH2Backend(file) : new H2Backend(file);
		MongoServer server = new MongoServer(backend);
		server.bind("127.0.0.1", 0);
		try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort())) {
			MongoDatabase database = client.getDatabase("analysis");
			for (int i = 0; i < 500; i++) {
				firstUse(database, "warm-" + i);
			}
			long[] nanos = new long[firstUses];
			for (int i = 0; i < firstUses; i++) {
				long started = System.nanoTime();
				firstUse(database, "user-" + i);
				nanos[i] = System.nanoTime() - started;
			}
			Arrays.sort(nanos);
			double mean = Arrays.stream(nanos).average().orElse(0) / 1_000;
			return String.format(Locale.ROOT, "{\"mean_us\":%.0f,\"p50_us\":%d,\"p99_us\":%d}", mean,
					nanos[firstUses / 2] / 1_000, nanos[(int) (firstUses * 0.99)] / 1_000);
		}
		finally {
			server.shutdownNow();
		}
	}

	/** The writes of a first use: the key, the user's budget state, the audit event. */
	private static void firstUse(MongoDatabase database, String userId) {
		database.getCollection("api_keys")
			.insertOne(new Document("user_id", userId).append("provider", "openrouter")
				.append("encrypted_key", "x".repeat(120))
				.append("key_hash", Integer.toHexString(userId.hashCode()).repeat(8))
				.append("created_at", new Date())
				.append("auto_renewed", false));
		database.getCollection("user_policies")
			.updateOne(Filters.eq("_id", userId), Updates.combine(Updates.set("key_hash", "h"),
					Updates.set("key_limit_usd", 5.0)), new UpdateOptions().upsert(true));
		database.getCollection("key_events")
			.insertOne(new Document("user_id", userId).append("event", "provisioned").append("at", new Date()));
	}

}
