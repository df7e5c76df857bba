package io.autorenew.store;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static io.autorenew.support.PrintsNoSecret.assertPrintsNo;

/** The store's settings print no database credentials. */
class StoreSecretToStringTests {

	private static final String MONGO_PASSWORD = "m0ngo-Passw0rd-e81c";

	@Test
	void storePropertiesPrintNoDatabaseCredentials() {
		String uri = "mongodb://analysis:" + MONGO_PASSWORD + "@db.internal:27017/analysis";
		StoreProperties store = new StoreProperties(uri, Path.of("./data"), "analysis", Duration.ofSeconds(3), false);

		assertPrintsNo(store, MONGO_PASSWORD);
	}

}
