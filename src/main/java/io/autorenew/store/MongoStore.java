package io.autorenew.store;

import java.nio.file.Path;

import com.mongodb.ConnectionString;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.autorenew.InvalidSettingException;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;

/**
 * The MongoDB the service talks to: {@code MONGODB_URI} when it is set, otherwise an
 * in-process MongoDB wire-protocol server on a loopback port whose data lives in a file
 * under {@code EMBEDDED_MONGO_DIR}, so keys survive a restart. Either way the real MongoDB
 * driver talks to it over a socket.
 */
final class MongoStore implements MongoConnectionDetails, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(MongoStore.class);

	static final String FILE_NAME = "analysis-service.mv";

	/** The embedded server binds this address only: nothing off the machine can reach it. */
	static final String LOOPBACK = "127.0.0.1";

	private final ConnectionString connectionString;

	private final MongoServer embedded;

	private final H2Backend backend;

	private MongoStore(ConnectionString connectionString, MongoServer embedded, H2Backend backend) {
		this.connectionString = connectionString;
		this.embedded = embedded;
		this.backend = backend;
	}

	static MongoStore from(StoreProperties properties) {
		if (!properties.embedded()) {
			ConnectionString uri = new ConnectionString(properties.mongodbUri());
			if (uri.getDatabase() == null) {
				uri = new ConnectionString(withDatabase(properties.mongodbUri(), properties.database()));
			}
			return new MongoStore(uri, null, null);
		}
		Path file = properties.embeddedDir().resolve(FILE_NAME).toAbsolutePath();
		EmbeddedStoreFiles.prepareDirectory(file.getParent());
		EmbeddedStoreFiles.prepareFile(file);
		H2Backend backend = open(file);
		MongoServer server = new MongoServer(backend);
		server.bind(LOOPBACK, 0);
		String uri = "mongodb://" + LOOPBACK + ":" + server.getLocalAddress().getPort() + "/" + properties.database();
		log.info("MONGODB_URI is not set: using the embedded store in {} on {} (listening on loopback only, "
				+ "folder and file owner-only)", file, uri);
		log.info("The embedded store builds no secondary indexes (mongo-java-server does not implement them; "
				+ "harmless at demo sizes): its warnings about them are silenced. Use a real MongoDB for production");
		return new MongoStore(new ConnectionString(uri), server, backend);
	}

	private static H2Backend open(Path file) {
		try {
			return new CommittingH2Backend(file.toString());
		}
		catch (RuntimeException ex) {
			if (isLocked(ex)) {
				throw new InvalidSettingException("The embedded store " + file
						+ " is in use by another process (a demo or service started on the same EMBEDDED_MONGO_DIR)",
						"Stop the other process, or set EMBEDDED_MONGO_DIR to another folder, and start again.");
			}
			throw ex;
		}
	}

	private static boolean isLocked(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof MVStoreException store && store.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
				return true;
			}
		}
		return false;
	}

	private static String withDatabase(String uri, String database) {
		int query = uri.indexOf('?');
		String base = (query < 0) ? uri : uri.substring(0, query);
		String options = (query < 0) ? "" : uri.substring(query);
		return (base.endsWith("/") ? base : base + "/") + database + options;
	}

	@Override
	public ConnectionString getConnectionString() {
		return this.connectionString;
	}

	@Override
	public void destroy() {
		if (this.embedded != null) {
			this.embedded.shutdown();
			this.backend.close();
		}
	}

}
