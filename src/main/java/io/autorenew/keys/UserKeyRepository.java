package io.autorenew.keys;

import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndReplaceOptions;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * The {@code api_keys} collection. Every change is a single-document operation guarded by
 * what the caller last saw, so replicas sharing one database never overwrite each other's
 * keys: an insert loses to an existing document, a replace or delete loses when the stored
 * {@code key_hash} is no longer the one expected.
 */
public final class UserKeyRepository implements KeyStore {

	private final MongoOperations mongo;

	UserKeyRepository(MongoOperations mongo) {
		this.mongo = mongo;
	}

	/** Creates the unique index on ({@code user_id}, {@code provider}). */
	void ensureIndexes() {
		this.mongo.indexOps(ApiKeyDocument.class)
			.ensureIndex(new Index().on(ApiKeyDocument.USER_ID, Sort.Direction.ASC)
				.on(ApiKeyDocument.PROVIDER, Sort.Direction.ASC)
				.unique()
				.named("user_provider"));
	}

	@Override
	public Optional<UserKey> find(String userId) {
		return Optional.ofNullable(this.mongo.findOne(byUser(userId), ApiKeyDocument.class))
			.map(ApiKeyDocument::toUserKey);
	}

	@Override
	public boolean insert(UserKey key) {
		try {
			this.mongo.insert(ApiKeyDocument.of(key));
			return true;
		}
		catch (DuplicateKeyException alreadyThere) {
			return false;
		}
	}

	@Override
	public boolean replace(String expectedHash, UserKey next) {
		Query query = byUser(next.userId()).addCriteria(Criteria.where(ApiKeyDocument.KEY_HASH).is(expectedHash));
		ApiKeyDocument previous = this.mongo.findAndReplace(query, ApiKeyDocument.of(next),
				FindAndReplaceOptions.none());
		return previous != null;
	}

	@Override
	public boolean delete(String userId, String expectedHash) {
		Query query = byUser(userId).addCriteria(Criteria.where(ApiKeyDocument.KEY_HASH).is(expectedHash));
		return this.mongo.remove(query, ApiKeyDocument.class).getDeletedCount() == 1;
	}

	private static Query byUser(String userId) {
		return Query.query(Criteria.where(ApiKeyDocument.USER_ID).is(userId).and(ApiKeyDocument.PROVIDER)
				.is(ApiKeyDocument.OPENROUTER));
	}

}
