package io.autorenew.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * The one home of the tests' MongoDB: an in-process wire-protocol server on an ephemeral
 * loopback port, shared by every test in the JVM and reached through the real driver. A
 * test can take it down ({@link #stop()}) and bring it back on the same port with the same
 * data ({@link #restart()}), as a MongoDB outage would.
 */
public final class MongoWireServer {

	public static final String DATABASE = "analysis";

	private static MongoBackend backend;

	private static MongoServer server;

	private static int port;

	private static boolean stopped;

	private static MongoClient client;

	private MongoWireServer() {
	}

	/** Starts the server on first use and returns its URI, database included. */
	public static synchronized String uri() {
		if (server == null) {
			backend = keptOpen(new MemoryBackend());
			server = new MongoServer(backend);
			server.bind("127.0.0.1", 0);
			port = server.getLocalAddress().getPort();
			Runtime.getRuntime().addShutdownHook(new Thread(MongoWireServer::shutdown));
		}
		return "mongodb://127.0.0.1:" + port + "/" + DATABASE;
	}

	/** The server's port, for a proxy in front of it. */
	public static synchronized int port() {
		uri();
		return port;
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

	/**
	 * Takes the server down: the port stops listening and every open connection is closed.
	 * The data is kept for {@link #restart()}.
	 */
	public static synchronized void stop() {
		uri();
		if (!stopped) {
			server.shutdownNow();
			stopped = true;
		}
	}

	/** Brings the server back (stopping it first if it runs) on the same port, with the same data. */
	public static synchronized void restart() {
		stop();
		MongoServer restarted = new MongoServer(backend);
		restarted.bind("127.0.0.1", port);
		server = restarted;
		stopped = false;
	}

	private static synchronized void shutdown() {
		if (client != null) {
			client.close();
		}
		if (server != null && !stopped) {
			server.shutdownNow();
		}
	}

	/**
	 * The backend, except that {@code close()} does nothing: {@link MongoServer#shutdownNow()}
	 * closes its backend, and closing a {@link MemoryBackend} drops every database.
	 */
	private static MongoBackend keptOpen(MongoBackend target) {
		return (MongoBackend) Proxy.newProxyInstance(MongoBackend.class.getClassLoader(),
				new Class<?>[] { MongoBackend.class }, (proxy, method, arguments) -> {
					if ("close".equals(method.getName()) && method.getParameterCount() == 0) {
						return null;
					}
					try {
						return method.invoke(target, arguments);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

}
