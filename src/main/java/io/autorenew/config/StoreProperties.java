package io.autorenew.config;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where keys are stored.
 *
 * @param mongodbUri a real MongoDB ({@code MONGODB_URI}); blank means the embedded store
 * @param embeddedDir folder of the embedded store's data file ({@code EMBEDDED_MONGO_DIR})
 * @param database database used when the URI names none
 */
@ConfigurationProperties("store")
record StoreProperties(@DefaultValue("") String mongodbUri, @DefaultValue("./data") Path embeddedDir,
		@DefaultValue("analysis") String database) {

	boolean embedded() {
		return this.mongodbUri == null || this.mongodbUri.isBlank();
	}

	@Override
	public String toString() {
		return "StoreProperties[mongodbUri=" + (embedded() ? "(embedded)" : "(set)") + ", embeddedDir="
				+ this.embeddedDir + ", database=" + this.database + "]";
	}

}
