package io.autorenew.money;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.autorenew.openrouter.FleetMintPause;
import io.autorenew.store.ServiceLease;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoOperations;

/**
 * The fleet's mint pause in {@code service_leases}, as the document {@code _id:
 * "key-provisioning-pause"} with {@code paused_until}, {@code paused_by} (the instance whose
 * breaker opened) and {@code paused_at}. Pausing only ever moves {@code paused_until} later
 * ({@code $max}); resuming deletes the document only once its pause has ended, so an instance
 * that just paused the fleet is not overruled by an older success.
 */
final class MongoMintPause implements FleetMintPause {

	static final String ID = "key-provisioning-pause";

	private static final String PAUSED_UNTIL = "paused_until";

	private final MongoOperations mongo;

	private final Clock clock;

	private final String instance;

	MongoMintPause(MongoOperations mongo, Clock clock, String instance) {
		this.mongo = mongo;
		this.clock = clock;
		this.instance = instance;
	}

	@Override
	public Optional<Instant> pausedUntil() {
		Document pause = this.mongo.execute(ServiceLease.COLLECTION,
				(collection) -> collection.find(Filters.eq("_id", ID)).first());
		return Optional.ofNullable(pause).map((found) -> found.getDate(PAUSED_UNTIL)).map(Date::toInstant);
	}

	@Override
	public void pause(Instant until) {
		this.mongo.execute(ServiceLease.COLLECTION,
				(collection) -> collection.updateOne(Filters.eq("_id", ID),
						Updates.combine(Updates.max(PAUSED_UNTIL, Date.from(until)),
								Updates.set("paused_by", this.instance),
								Updates.set("paused_at", Date.from(this.clock.instant()))),
						new UpdateOptions().upsert(true)));
	}

	@Override
	public void resume() {
		this.mongo.execute(ServiceLease.COLLECTION, (collection) -> collection
			.deleteOne(Filters.and(Filters.eq("_id", ID), Filters.lte(PAUSED_UNTIL, Date.from(this.clock.instant())))));
	}

}
