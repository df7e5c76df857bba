package io.autorenew.store;

import java.nio.file.Path;
import java.time.Duration;

import io.autorenew.InvalidSettingException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where keys are stored.
 *
 * @param mongodbUri a real MongoDB ({@code MONGODB_URI}); blank means the embedded store
 * @param embeddedDir folder of the embedded store's data file ({@code EMBEDDED_MONGO_DIR})
 * @param database database used when the URI names none
 * @param timeout how long a store operation may wait for MongoDB before the request fails
 * with 503 {@code store_unavailable} ({@code MONGODB_TIMEOUT})
 * @param requireExternal whether a start without {@code MONGODB_URI} fails rather than using
 * the embedded store ({@code STORE_REQUIRE_EXTERNAL}): set it wherever replicas run
 */
@ConfigurationProperties("store")
record StoreProperties(@DefaultValue("") String mongodbUri, @DefaultValue("./data") Path embeddedDir,
		@DefaultValue("analysis") String database, @DefaultValue("PT3S") Duration timeout,
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
