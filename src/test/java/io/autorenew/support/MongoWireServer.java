package io.autorenew.support;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * The one home of the tests' MongoDB: an in-process wire-protocol server on an ephemeral
 * loopback port, shared by every test in the JVM and reached through the real driver.
 */
public final class MongoWireServer {

	public static final String DATABASE = "analysis";

	private static MongoServer server;

	private static MongoClient client;

	private MongoWireServer() {
	}

	/** Starts the server on first use and returns its URI, database included. */
	public static synchronized String uri() {
		if (server == null) {
			server = new MongoServer(new MemoryBackend());
			server.bind("127.0.0.1", 0);
			Runtime.getRuntime().addShutdownHook(new Thread(MongoWireServer::stop));
		}
		return "mongodb://127.0.0.1:" + server.getLocalAddress().getPort() + "/" + DATABASE;
	}

	/** A driver-level view of the database, for asserting on raw documents. */
	public static synchronized MongoDatabase database() {
		if (client == null) {
			client = MongoClients.create(uri());
		}
		return client.getDatabase(DATABASE);
	}

	/** Empties the collections the service writes, keeping their indexes. */
	public static void reset() {
		MongoDatabase database = database();
		for (String name : database.listCollectionNames()) {
			database.getCollection(name).deleteMany(new org.bson.Document());
		}
	}

	private static synchronized void stop() {
		if (client != null) {
			client.close();
		}
		if (server != null) {
			server.shutdownNow();
		}
	}

}
