package io.autorenew.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * A named lease in MongoDB ({@code service_leases}) so that one replica at a time does a
 * periodic job. Taking it is one conditional upsert: it succeeds when the lease is free,
 * expired, or already ours; otherwise the insert hits the existing {@code _id} and fails.
 */
public final class ServiceLease {

	public static final String COLLECTION = "service_leases";

	private final MongoOperations mongo;

	private final Clock clock;

	private final String instance;

	public ServiceLease(MongoOperations mongo, Clock clock, String instance) {
		this.mongo = mongo;
		this.clock = clock;
		this.instance = instance;
	}

	/** Takes the lease {@code name} for {@code duration}, unless another instance holds it. */
	public boolean tryAcquire(String name, Duration duration) {
		Instant now = this.clock.instant();
		Query free = Query.query(Criteria.where("_id")
			.is(name)
			.orOperator(Criteria.where("until").lt(now), Criteria.where("holder").is(this.instance)));
		Update take = Update.update("holder", this.instance).set("until", now.plus(duration)).set("taken_at", now);
		try {
			this.mongo.upsert(free, take, COLLECTION);
			return true;
		}
		catch (DuplicateKeyException heldElsewhere) {
			return false;
		}
	}

}
