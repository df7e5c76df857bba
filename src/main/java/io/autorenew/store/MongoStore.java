package io.autorenew.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.mongodb.ConnectionString;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
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
		Path file = properties.embeddedDir().resolve("analysis-service.mv").toAbsolutePath();
		try {
			Files.createDirectories(file.getParent());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create EMBEDDED_MONGO_DIR " + file.getParent(), ex);
		}
		H2Backend backend = new H2Backend(file.toString());
		MongoServer server = new MongoServer(backend);
		server.bind("127.0.0.1", 0);
		String uri = "mongodb://127.0.0.1:" + server.getLocalAddress().getPort() + "/" + properties.database();
		log.info("MONGODB_URI is not set: using the embedded store in {} on {}", file, uri);
		return new MongoStore(new ConnectionString(uri), server, backend);
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
