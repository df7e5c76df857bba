package io.autorenew.hygiene;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoOperations;

/**
 * Pending deletions in the {@code key_pending_deletes} collection, one document per key
 * ({@code _id} is the key hash) with {@code user_id}, {@code key_label},
 * {@code delete_after}, {@code retired_by} (the instance that replaced the key) and
 * {@code retired_at}. A due deletion is handed out by one {@code findOneAndUpdate} that
 * pushes its {@code delete_after} on, so two instances never delete the same key at once.
 */
final class MongoPendingDeletes implements PendingDeletes {

	public static final String COLLECTION = "key_pending_deletes";

	private static final String USER_ID = "user_id";

	private static final String KEY_LABEL = "key_label";

	private static final String DELETE_AFTER = "delete_after";

	private final MongoOperations mongo;

	private final Clock clock;

	private final String instance;

	MongoPendingDeletes(MongoOperations mongo, Clock clock, String instance) {
		this.mongo = mongo;
		this.clock = clock;
		this.instance = instance;
	}

	@Override
	public void add(PendingDelete delete) {
		Document document = new Document("_id", delete.keyHash()).append(USER_ID, delete.userId())
			.append(KEY_LABEL, delete.keyLabel())
			.append(DELETE_AFTER, Date.from(delete.deleteAfter()))
			.append("retired_by", this.instance)
			.append("retired_at", Date.from(this.clock.instant()));
		this.mongo.execute(COLLECTION, (collection) -> collection.replaceOne(Filters.eq("_id", delete.keyHash()),
				document, new ReplaceOptions().upsert(true)));
	}

	@Override
	public Optional<PendingDelete> takeDue(Instant now, Duration retryIn) {
		Document due = this.mongo.execute(COLLECTION,
				(collection) -> collection.findOneAndUpdate(Filters.lte(DELETE_AFTER, Date.from(now)),
						Updates.set(DELETE_AFTER, Date.from(now.plus(retryIn))),
						new FindOneAndUpdateOptions().sort(Sorts.ascending(DELETE_AFTER))
							.returnDocument(ReturnDocument.BEFORE)));
		return Optional.ofNullable(due)
			.map((found) -> new PendingDelete(found.getString("_id"), found.getString(USER_ID),
					found.getString(KEY_LABEL), found.getDate(DELETE_AFTER).toInstant()));
	}

	@Override
	public void remove(String keyHash) {
		this.mongo.execute(COLLECTION, (collection) -> collection.deleteOne(Filters.eq("_id", keyHash)));
	}

	@Override
	public boolean contains(String keyHash) {
		return this.mongo.execute(COLLECTION,
				(collection) -> collection.countDocuments(Filters.eq("_id", keyHash))) > 0;
	}

}
