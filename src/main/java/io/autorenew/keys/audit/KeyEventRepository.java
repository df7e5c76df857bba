package io.autorenew.keys.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.data.annotation.Id;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.mapping.Field;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/** The {@code key_events} collection. */
public final class KeyEventRepository implements KeyEventLog {

	private static final Logger log = LoggerFactory.getLogger(KeyEventRepository.class);

	private final MongoOperations mongo;

	private final Clock clock;

	private final String instance;

	public KeyEventRepository(MongoOperations mongo, Clock clock, String instance) {
		this.mongo = mongo;
		this.clock = clock;
		this.instance = instance;
	}

	public void ensureIndexes() {
		this.mongo.indexOps(EventDocument.class)
			.ensureIndex(new Index().on("user_id", Sort.Direction.ASC).on("at", Sort.Direction.DESC).named("user_at"));
	}

	@Override
	public void record(String userId, KeyEventType type, String reason, String oldKeyLabel, String newKeyLabel) {
		Instant at = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		try {
			this.mongo.insert(new EventDocument(null, userId, type.value(), reason, oldKeyLabel, newKeyLabel, at,
					this.instance));
		}
		catch (DataAccessException ex) {
			log.warn("[Auto-Renewal] Could not record {} event for user {}: {}", type.value(), userId,
					ex.getClass().getSimpleName());
		}
	}

	@Override
	public List<KeyEvent> page(String userId, int page, int size) {
		Query query = byUser(userId).with(Sort.by(Sort.Order.desc("at"), Sort.Order.desc("_id")))
			.skip((long) page * size)
			.limit(size);
		return this.mongo.find(query, EventDocument.class).stream().map(EventDocument::toEvent).toList();
	}

	@Override
	public long count(String userId) {
		return this.mongo.count(byUser(userId), EventDocument.class);
	}

	private static Query byUser(String userId) {
		return Query.query(Criteria.where("user_id").is(userId));
	}

	@Document("key_events")
	record EventDocument(@Id String id, @Field("user_id") String userId, String event, String reason,
			@Field("old_label") String oldLabel, @Field("new_label") String newLabel, Instant at, String instance) {

		KeyEvent toEvent() {
			return new KeyEvent(this.userId, this.event, this.reason, this.oldLabel, this.newLabel, this.at,
					this.instance);
		}

	}

}
