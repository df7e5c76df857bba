package io.autorenew.store;

import org.bson.Document;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.mongodb.core.MongoOperations;

/**
 * Health of the key store, checked with MongoDB's {@code ping}: answered by every MongoDB
 * server and by the embedded wire-protocol store alike (Boot's own indicator sends
 * {@code hello}, which the embedded store does not know).
 */
final class StoreHealthIndicator extends AbstractHealthIndicator {

	private final MongoOperations mongo;

	StoreHealthIndicator(MongoOperations mongo) {
		super("Key store health check failed");
		this.mongo = mongo;
	}

	/** 1 if the store answers a ping now, else 0. */
	double available() {
		try {
			this.mongo.executeCommand(new Document("ping", 1));
			return 1;
		}
		catch (RuntimeException ex) {
			return 0;
		}
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		this.mongo.executeCommand(new Document("ping", 1));
		builder.up();
	}

}
