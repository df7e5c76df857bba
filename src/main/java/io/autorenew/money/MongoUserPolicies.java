package io.autorenew.money;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Decimal128;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.index.Index;

/**
 * The {@code user_policies} collection, one document per user ({@code _id} = user id):
 * <ul>
 * <li>the budget: {@code budget_usd} (an operator's, absent for the default), {@code period_start},
 * {@code spent_by_key} (retired key hash to USD, this period), {@code key_hash} and
 * {@code key_limit_usd} (the live key and the limit it has);</li>
 * <li>the suspension: {@code suspended}, {@code suspended_at} and {@code suspended_by} (the
 * instance).</li>
 * </ul>
 * Every write is one single-document update, upserting where a user has no document yet.
 */
final class MongoUserPolicies implements UserPolicies {

	static final String COLLECTION = "user_policies";

	private static final String BUDGET = "budget_usd";

	private static final String PERIOD_START = "period_start";

	private static final String SPENT_BY_KEY = "spent_by_key";

	private static final String KEY_HASH = "key_hash";

	private static final String KEY_LIMIT = "key_limit_usd";

	private static final String SUSPENDED = "suspended";

	private static final String SUSPENDED_AT = "suspended_at";

	private static final String SUSPENDED_BY = "suspended_by";

	private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

	private static final FindOneAndUpdateOptions AFTER = new FindOneAndUpdateOptions()
		.returnDocument(ReturnDocument.AFTER);

	private static final FindOneAndUpdateOptions UPSERT_AFTER = new FindOneAndUpdateOptions().upsert(true)
		.returnDocument(ReturnDocument.AFTER);

	private final MongoOperations mongo;

	MongoUserPolicies(MongoOperations mongo) {
		this.mongo = mongo;
	}

	/** The set of suspended users is read by {@code suspended}, whatever the number of policies. */
	void ensureIndexes() {
		this.mongo.indexOps(COLLECTION).createIndex(new Index().on(SUSPENDED, Sort.Direction.ASC).named(SUSPENDED));
	}

	@Override
	public Optional<UserPolicy> find(String userId) {
		return Optional.ofNullable(document(userId)).map(MongoUserPolicies::policy);
	}

	@Override
	public UserPolicy inPeriod(String userId, Instant start) {
		Document policy = document(userId);
		Date stored = (policy != null) ? policy.getDate(PERIOD_START) : null;
		if (stored == null || stored.toInstant().isBefore(start)) {
			update(userId, Updates.combine(Updates.set(PERIOD_START, Date.from(start)), Updates.unset(SPENT_BY_KEY)));
			policy = document(userId);
		}
		return policy(policy);
	}

	@Override
	public void setBudget(String userId, BigDecimal budgetUsd) {
		update(userId, (budgetUsd != null) ? Updates.set(BUDGET, budgetUsd.doubleValue()) : Updates.unset(BUDGET));
	}

	@Override
	public UserPolicy carry(String userId, String keyHash, BigDecimal spentUsd) {
		return policy(this.mongo.execute(COLLECTION,
				(collection) -> collection.findOneAndUpdate(Filters.eq("_id", userId),
						Updates.set(SPENT_BY_KEY + "." + keyHash, spentUsd.doubleValue()), UPSERT_AFTER)));
	}

	@Override
	public Optional<UserPolicy> carryInPeriod(String userId, Instant start, String keyHash, BigDecimal spentUsd) {
		Document after = this.mongo.execute(COLLECTION,
				(collection) -> collection.findOneAndUpdate(
						Filters.and(Filters.eq("_id", userId), Filters.gte(PERIOD_START, Date.from(start))),
						Updates.set(SPENT_BY_KEY + "." + keyHash, spentUsd.doubleValue()), AFTER));
		return Optional.ofNullable(after).map(MongoUserPolicies::policy);
	}

	@Override
	public void liveKey(String userId, String keyHash, BigDecimal limitUsd) {
		update(userId, Updates.combine(Updates.set(KEY_HASH, keyHash), Updates.set(KEY_LIMIT, limitUsd.doubleValue())));
	}

	@Override
	public List<UserPolicy> all() {
		List<UserPolicy> found = new ArrayList<>();
		this.mongo.execute(COLLECTION, (collection) -> {
			for (Document policy : collection.find()) {
				found.add(policy(policy));
			}
			return null;
		});
		return found;
	}

	@Override
	public List<UserPolicy> liveKeysBefore(Instant start) {
		List<UserPolicy> found = new ArrayList<>();
		this.mongo.execute(COLLECTION, (collection) -> {
			for (Document policy : collection
				.find(Filters.and(Filters.exists(KEY_HASH), Filters.lt(PERIOD_START, Date.from(start))))) {
				found.add(policy(policy));
			}
			return null;
		});
		return found;
	}

	@Override
	public boolean suspend(String userId, Instant at, String by) {
		try {
			UpdateResult result = this.mongo.execute(COLLECTION, (collection) -> collection.updateOne(
					Filters.and(Filters.eq("_id", userId), Filters.ne(SUSPENDED, true)),
					Updates.combine(Updates.set(SUSPENDED, true), Updates.set(SUSPENDED_AT, Date.from(at)),
							Updates.set(SUSPENDED_BY, by)),
					UPSERT));
			return result.getModifiedCount() > 0 || result.getUpsertedId() != null;
		}
		catch (DuplicateKeyException alreadySuspended) {
			return false;
		}
	}

	@Override
	public boolean resume(String userId) {
		return this.mongo.execute(COLLECTION,
				(collection) -> collection.updateOne(Filters.and(Filters.eq("_id", userId), Filters.eq(SUSPENDED, true)),
						Updates.combine(Updates.set(SUSPENDED, false), Updates.unset(SUSPENDED_AT),
								Updates.unset(SUSPENDED_BY))))
			.getModifiedCount() > 0;
	}

	@Override
	public Set<String> suspendedUsers() {
		Set<String> suspended = new HashSet<>();
		this.mongo.execute(COLLECTION, (collection) -> {
			for (Document policy : collection.find(Filters.eq(SUSPENDED, true)).projection(Projections.include("_id"))) {
				suspended.add(policy.getString("_id"));
			}
			return null;
		});
		return suspended;
	}

	private void update(String userId, Bson update) {
		this.mongo.execute(COLLECTION, (collection) -> collection.updateOne(Filters.eq("_id", userId), update, UPSERT));
	}

	private Document document(String userId) {
		return this.mongo.execute(COLLECTION, (collection) -> collection.find(Filters.eq("_id", userId)).first());
	}

	private static UserPolicy policy(Document policy) {
		Map<String, BigDecimal> spent = new LinkedHashMap<>();
		Document byKey = policy.get(SPENT_BY_KEY, Document.class);
		if (byKey != null) {
			byKey.forEach((keyHash, usd) -> spent.put(keyHash, decimal(usd)));
		}
		boolean suspended = Boolean.TRUE.equals(policy.getBoolean(SUSPENDED));
		Date suspendedAt = policy.getDate(SUSPENDED_AT);
		return new UserPolicy(policy.getString("_id"), decimal(policy.get(BUDGET)), instant(policy.getDate(PERIOD_START)),
				Map.copyOf(spent), policy.getString(KEY_HASH), decimal(policy.get(KEY_LIMIT)),
				suspended ? instant(suspendedAt) : null);
	}

	private static Instant instant(Date date) {
		return (date != null) ? date.toInstant() : null;
	}

	private static BigDecimal decimal(Object value) {
		if (value == null) {
			return null;
		}
		if (value instanceof Decimal128 decimal) {
			return decimal.bigDecimalValue();
		}
		if (value instanceof Number number) {
			return new BigDecimal(number.toString());
		}
		return new BigDecimal(value.toString());
	}

}
