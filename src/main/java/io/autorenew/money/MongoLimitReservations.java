package io.autorenew.money;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.function.LongSupplier;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.autorenew.store.ServiceLease;
import org.bson.Document;
import org.bson.types.ObjectId;

import org.springframework.data.mongodb.core.MongoOperations;

/**
 * The total-limit cap's reservations in MongoDB, one document each in {@code cap_reservations}
 * ({@code user_id}, {@code reserved_at}, {@code seq}), ordered by a counter in
 * {@code service_leases} ({@code _id: "cap-reservation-seq"}).
 * <p>
 * Reserving inserts the document first, then takes the next number and writes it on the
 * document, then counts the reservations numbered up to its own or not numbered yet, then the
 * live keys. Of two reservations, the later-numbered one always counts the earlier one (its
 * document existed before the earlier number was taken, so before the later one counted), or
 * the earlier one's stored key (a reservation is removed only after its key is stored, and
 * the live keys are counted after the reservations). So the last reservation that passes has
 * counted every other that passed: their keys never add up past the cap. Reservations made at
 * the same moment may count each other both ways, so near the cap a few more are refused than
 * strictly needed; none is let through that should not be.
 */
final class MongoLimitReservations implements LimitReservations {

	static final String COLLECTION = "cap_reservations";

	static final String SEQUENCE_ID = "cap-reservation-seq";

	private final MongoOperations mongo;

	private final LongSupplier liveKeys;

	private final Clock clock;

	MongoLimitReservations(MongoOperations mongo, LongSupplier liveKeys, Clock clock) {
		this.mongo = mongo;
		this.liveKeys = liveKeys;
		this.clock = clock;
	}

	@Override
	public Optional<Reservation> reserve(String userId, long maxKeys) {
		ObjectId id = new ObjectId();
		this.mongo.execute(COLLECTION, (collection) -> collection
			.insertOne(new Document("_id", id).append("user_id", userId).append("reserved_at", Date.from(this.clock.instant()))));
		Reservation reservation = () -> this.mongo.execute(COLLECTION,
				(collection) -> collection.deleteOne(Filters.eq("_id", id)));
		try {
			long seq = nextNumber();
			this.mongo.execute(COLLECTION,
					(collection) -> collection.updateOne(Filters.eq("_id", id), Updates.set("seq", seq)));
			long earlier = this.mongo.execute(COLLECTION, (collection) -> collection
				.countDocuments(Filters.or(Filters.lte("seq", seq), Filters.exists("seq", false))));
			long live = this.liveKeys.getAsLong();
			if (live + earlier > maxKeys) {
				reservation.close();
				return Optional.empty();
			}
			return Optional.of(reservation);
		}
		catch (RuntimeException ex) {
			reservation.close();
			throw ex;
		}
	}

	@Override
	public long held() {
		return this.liveKeys.getAsLong()
				+ this.mongo.execute(COLLECTION, (collection) -> collection.countDocuments());
	}

	@Override
	public long repair(Instant cutoff) {
		return this.mongo.execute(COLLECTION,
				(collection) -> collection.deleteMany(Filters.lt("reserved_at", Date.from(cutoff))).getDeletedCount());
	}

	private long nextNumber() {
		Document counter = this.mongo.execute(ServiceLease.COLLECTION,
				(collection) -> collection.findOneAndUpdate(Filters.eq("_id", SEQUENCE_ID), Updates.inc("seq", 1L),
						new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER)));
		return ((Number) counter.get("seq")).longValue();
	}

}
