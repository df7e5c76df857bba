package io.autorenew.store;

import java.nio.file.Path;
import java.time.Duration;

import io.autorenew.InvalidSettingException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where keys are stored.
 *
 * @param mongodbUri a real MongoDB (database {@code analysis} when the URI names none). Unset or blank: the
 * embedded MongoDB-wire server in process, data in a file under {@code EMBEDDED_MONGO_DIR}, so keys survive a
 * restart ({@code MONGODB_URI})
 * @param embeddedDir folder of the embedded store's data file {@code analysis-service.mv}
 * ({@code EMBEDDED_MONGO_DIR})
 * @param database the database used when {@code MONGODB_URI} names none
 * @param timeout the bound of every MongoDB operation end to end (server selection, connection, read and the
 * driver's retries): a request that needs an unreachable or paused store answers 503 {@code store_unavailable}
 * after about this long, and the health {@code ping} fails after it ({@code MONGODB_TIMEOUT})
 * @param requireExternal {@code true}: a start without {@code MONGODB_URI} fails with a one-line message
 * instead of using the embedded store, which serves one process on one machine (the demo, tests, a single
 * small instance). Set it wherever replicas run; {@code docker-compose.yml} does
 * ({@code STORE_REQUIRE_EXTERNAL})
 */
@ConfigurationProperties("store")
record StoreProperties(@DefaultValue("") String mongodbUri, @DefaultValue("./data") Path embeddedDir,
		@DefaultValue("analysis") String database, @DefaultValue("3s") Duration timeout,
		@DefaultValue("false") boolean requireExternal) {

	StoreProperties {
		if (requireExternal && (mongodbUri == null || mongodbUri.isBlank())) {
			throw new InvalidSettingException("STORE_REQUIRE_EXTERNAL is true but MONGODB_URI is not set: the embedded "
					+ "store serves one process on one machine (the demo, tests); set MONGODB_URI to a MongoDB replica "
					+ "set or Atlas");
		}
	}

	boolean embedded() {
		return this.mongodbUri == null || this.mongodbUri.isBlank();
	}

	@Override
	public String toString() {
		return "StoreProperties[mongodbUri=" + (embedded() ? "(embedded)" : "(set)") + ", embeddedDir="
				+ this.embeddedDir + ", database=" + this.database + ", timeout=" + this.timeout + ", requireExternal="
				+ this.requireExternal + "]";
	}

}
