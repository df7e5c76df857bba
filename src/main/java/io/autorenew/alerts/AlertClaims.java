package io.autorenew.alerts;

import com.mongodb.MongoWriteException;
import com.mongodb.ErrorCategory;
import org.bson.Document;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoOperations;

/**
 * Which alerts were claimed, in {@code alert_claims} ({@code _id} = the alert's id,
 * {@code instance}, {@code at}): the first replica to insert an id sends that alert, every other
 * one learns it was taken.
 */
final class AlertClaims {

	static final String COLLECTION = "alert_claims";

	private final MongoOperations mongo;

	private final String instance;

	AlertClaims(MongoOperations mongo, String instance) {
		this.mongo = mongo;
		this.instance = instance;
	}

	/** Whether this replica is the one to send {@code alert}. */
	boolean claim(Alert alert) {
		try {
			this.mongo.getCollection(COLLECTION)
				.insertOne(new Document("_id", alert.id()).append("instance", this.instance)
					.append("at", java.util.Date.from(alert.at())));
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
		catch (MongoWriteException ex) {
			if (ex.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
				return false;
			}
			throw ex;
		}
	}

}
