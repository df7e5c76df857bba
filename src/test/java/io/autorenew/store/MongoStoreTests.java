package io.autorenew.store;

import java.nio.file.Path;
import java.time.Duration;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded store is a real MongoDB wire server whose data survives a restart. */
class MongoStoreTests {

	@TempDir
	Path dir;

	@Test
	void embeddedStoreKeepsDocumentsAcrossRestarts() {
		StoreProperties properties = new StoreProperties("", this.dir, "analysis", Duration.ofSeconds(3), false);

		MongoStore first = MongoStore.from(properties);
		try (MongoClient client = MongoClients.create(first.getConnectionString())) {
			client.getDatabase("analysis").getCollection("api_keys").insertOne(new Document("user_id", "alice"));
		}
		first.destroy();

		MongoStore second = MongoStore.from(properties);
		try (MongoClient client = MongoClients.create(second.getConnectionString())) {
			assertThat(client.getDatabase("analysis").getCollection("api_keys").find(new Document("user_id", "alice"))
				.first()).isNotNull();
		}
		finally {
			second.destroy();
		}
		assertThat(this.dir.resolve("analysis-service.mv")).exists();
	}

	@Test
	void configuredUriIsUsedAsGivenWithTheDefaultDatabase() {
		MongoStore store = MongoStore.from(new StoreProperties("mongodb://db.internal:27017", this.dir, "analysis", Duration.ofSeconds(3), false));

		assertThat(store.getConnectionString().getConnectionString()).isEqualTo("mongodb://db.internal:27017/analysis");
		assertThat(this.dir.resolve("analysis-service.mv")).doesNotExist();
	}

	@Test
	void configuredUriKeepsItsOwnDatabaseAndOptions() {
		MongoStore store = MongoStore
			.from(new StoreProperties("mongodb://db.internal:27017/keys?replicaSet=rs0", this.dir, "analysis", Duration.ofSeconds(3), false));

		assertThat(store.getConnectionString().getDatabase()).isEqualTo("keys");
		assertThat(store.getConnectionString().getRequiredReplicaSetName()).isEqualTo("rs0");
	}

}
