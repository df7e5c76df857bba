package io.autorenew.spend;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.mongodb.MongoCommandException;
import com.mongodb.client.model.CreateCollectionOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.TimeSeriesGranularity;
import com.mongodb.client.model.TimeSeriesOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.index.Index;

/**
 * The ledger in MongoDB.
 * <ul>
 * <li>{@code spend_entries}: one document per call, in a time-series collection on {@code at}
 * (its meta field {@code user_id}) whose entries MongoDB removes after {@code LEDGER_RETENTION}.
 * Fields: {@code at}, {@code user_id}, {@code api}, {@code model}, {@code input_tokens},
 * {@code output_tokens}, {@code reasoning_tokens}, {@code cached_tokens}, {@code cost_usd},
 * {@code key_last4}, {@code status}, {@code request_id}.</li>
 * <li>{@code spend_daily}: one document per UTC day, user and model ({@code _id}
 * {@code <day>|<model>|<user>}), kept up to date as entries are written: {@code day},
 * {@code user_id}, {@code model}, {@code calls}, the four token counts and {@code cost_nano_usd}
 * (billionths of a dollar, so sums stay exact). What the admin API reads; no query reads raw
 * entries.</li>
 * </ul>
 */
final class MongoSpendLedger implements SpendLedger {

	static final String ENTRIES = "spend_entries";

	static final String DAILY = "spend_daily";

	/** MongoDB's code for a collection that already exists. */
	private static final int NAMESPACE_EXISTS = 48;

	private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

	private final MongoOperations mongo;

	MongoSpendLedger(MongoOperations mongo) {
		this.mongo = mongo;
	}

	/**
	 * Makes {@code spend_entries} a time-series collection that keeps entries for
	 * {@code retention} (a collection that already exists is left as it is), and indexes the
	 * daily totals by day and by user.
	 */
	void ensureCollections(Duration retention) {
		CreateCollectionOptions timeSeries = new CreateCollectionOptions()
			.timeSeriesOptions(new TimeSeriesOptions("at").metaField("user_id").granularity(TimeSeriesGranularity.SECONDS))
			.expireAfter(retention.toSeconds(), TimeUnit.SECONDS);
		try {
			this.mongo.execute((db) -> {
				db.createCollection(ENTRIES, timeSeries);
				return null;
			});
		}
		catch (RuntimeException ex) {
			if (!alreadyExists(ex)) {
				throw ex;
			}
		}
		this.mongo.indexOps(DAILY).createIndex(new Index().on("day", Sort.Direction.ASC).named("day"));
		this.mongo.indexOps(DAILY)
			.createIndex(new Index().on("user_id", Sort.Direction.ASC).on("day", Sort.Direction.ASC).named("user_day"));
	}

	private static boolean alreadyExists(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof MongoCommandException command && command.getErrorCode() == NAMESPACE_EXISTS) {
				return true;
			}
		}
		return false;
	}

	@Override
	public void record(List<SpendEntry> entries) {
		List<Document> documents = new ArrayList<>(entries.size());
		List<WriteModel<Document>> totals = new ArrayList<>(entries.size());
		for (SpendEntry entry : entries) {
			documents.add(document(entry));
			totals.add(total(entry));
		}
		this.mongo.getCollection(ENTRIES).insertMany(documents);
		this.mongo.getCollection(DAILY).bulkWrite(totals);
	}

	static Document document(SpendEntry entry) {
		return new Document("at", Date.from(entry.at())).append("user_id", entry.userId())
			.append("api", entry.api())
			.append("model", entry.model())
			.append("input_tokens", entry.inputTokens())
			.append("output_tokens", entry.outputTokens())
			.append("reasoning_tokens", entry.reasoningTokens())
			.append("cached_tokens", entry.cachedTokens())
			.append("cost_usd", entry.costUsd().doubleValue())
			.append("key_last4", entry.keyLast4())
			.append("status", entry.status())
			.append("request_id", entry.requestId());
	}

	private static WriteModel<Document> total(SpendEntry entry) {
		LocalDate day = LocalDate.ofInstant(entry.at(), ZoneOffset.UTC);
		String id = day + "|" + entry.model() + "|" + entry.userId();
		return new UpdateOneModel<>(Filters.eq("_id", id), Updates.combine(
				Updates.setOnInsert("day", Date.from(day.atStartOfDay(ZoneOffset.UTC).toInstant())),
				Updates.setOnInsert("user_id", entry.userId()), Updates.setOnInsert("model", entry.model()),
				Updates.inc("calls", 1L), Updates.inc("input_tokens", entry.inputTokens()),
				Updates.inc("output_tokens", entry.outputTokens()),
				Updates.inc("reasoning_tokens", entry.reasoningTokens()),
				Updates.inc("cached_tokens", entry.cachedTokens()),
				Updates.inc("cost_nano_usd", nanos(entry))), UPSERT);
	}

	private static long nanos(SpendEntry entry) {
		return entry.costUsd().movePointRight(9).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
	}

}
