package io.autorenew.keys;

import java.util.List;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.autorenew.crypto.KeyCipher;
import io.autorenew.crypto.SealedKeys;
import io.autorenew.openrouter.ApiKey;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndReplaceOptions;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * The {@code api_keys} collection. Every change is a single-document operation guarded by
 * what the caller last saw, so replicas sharing one database never overwrite each other's
 * keys: an insert loses to an existing document, a replace or delete loses when the stored
 * {@code key_hash} is no longer the one expected. Keys are encrypted on the way in and
 * decrypted on the way out; a document read under the previous encryption key is
 * re-encrypted under the current one.
 */
final class UserKeyRepository implements KeyStore, SealedKeys {

	private static final Logger log = LoggerFactory.getLogger(UserKeyRepository.class);

	private final MongoOperations mongo;

	private final KeyCipher cipher;

	/** Hashes of stored keys already reported as undecryptable: each is warned about once. */
	private final Cache<String, Boolean> reportedUndecryptable = Caffeine.newBuilder().maximumSize(10_000).build();

	UserKeyRepository(MongoOperations mongo, KeyCipher cipher) {
		this.mongo = mongo;
		this.cipher = cipher;
	}

	/** Creates the unique index on ({@code user_id}, {@code provider}) and one on {@code key_hash}. */
	void ensureIndexes() {
		this.mongo.indexOps(ApiKeyDocument.class)
			.ensureIndex(new Index().on(ApiKeyDocument.USER_ID, Sort.Direction.ASC)
				.on(ApiKeyDocument.PROVIDER, Sort.Direction.ASC)
				.unique()
				.named("user_provider"));
		this.mongo.indexOps(ApiKeyDocument.class)
			.ensureIndex(new Index().on(ApiKeyDocument.KEY_HASH, Sort.Direction.ASC).named("key_hash"));
	}

	@Override
	public Optional<UserKey> find(String userId) {
		return Optional.ofNullable(this.mongo.findOne(byUser(userId), ApiKeyDocument.class)).map(this::toUserKey);
	}

	@Override
	public boolean insert(UserKey key) {
		try {
			this.mongo.insert(ApiKeyDocument.of(key, this.cipher));
			return true;
		}
		catch (DuplicateKeyException alreadyThere) {
			return false;
		}
	}

	@Override
	public boolean replace(String expectedHash, UserKey next) {
		ApiKeyDocument previous = this.mongo.findAndReplace(byUserAndHash(next.userId(), expectedHash),
				ApiKeyDocument.of(next, this.cipher), FindAndReplaceOptions.none());
		return previous != null;
	}

	@Override
	public boolean delete(String userId, String expectedHash) {
		return this.mongo.remove(byUserAndHash(userId, expectedHash), ApiKeyDocument.class).getDeletedCount() == 1;
	}

	/** How many keys are stored: the live keys, but for those waiting out a grace period. */
	@Override
	public long count() {
		return this.mongo.count(new Query(), ApiKeyDocument.class);
	}

	@Override
	public List<KeySummary> summaries() {
		Query all = new Query();
		all.fields().include(ApiKeyDocument.USER_ID, "key_label", "last_renewal_at", "renewal_count");
		return this.mongo.find(all, Document.class, ApiKeyDocument.COLLECTION)
			.stream()
			.map((key) -> new KeySummary(key.getString(ApiKeyDocument.USER_ID), key.getString("key_label"),
					(key.getDate("last_renewal_at") != null) ? key.getDate("last_renewal_at").toInstant() : null,
					(key.get("renewal_count") instanceof Number count) ? count.intValue() : 0))
			.toList();
	}

	@Override
	public boolean isStored(String keyHash) {
		return this.mongo.exists(Query.query(Criteria.where(ApiKeyDocument.KEY_HASH).is(keyHash)),
				ApiKeyDocument.class);
	}

	private UserKey toUserKey(ApiKeyDocument document) {
		ApiKey key = null;
		try {
			key = new ApiKey(this.cipher.decrypt(document.userId(), document.encryptionKeyId(),
					document.encryptedKey()));
			if (!this.cipher.currentKeyId().equals(document.encryptionKeyId())) {
				reencrypt(document, key);
			}
		}
		catch (KeyCipher.UndecryptableKeyException ex) {
			if (this.reportedUndecryptable.asMap().putIfAbsent(document.keyHash(), Boolean.TRUE) == null) {
				log.warn("[Auto-Renewal] Stored key {} of user {} cannot be decrypted: {}. It will be replaced",
						document.keyLabel(), document.userId(), ex.getMessage());
			}
		}
		return new UserKey(document.userId(), key, document.keyHash(), document.keyLabel(), document.createdAt(),
				document.expiresAt(), document.autoRenewed(), document.lastRenewalAt(), document.renewalCount());
	}

	private void reencrypt(ApiKeyDocument document, ApiKey key) {
		Update update = Update.update(ApiKeyDocument.ENCRYPTED_KEY, this.cipher.encrypt(document.userId(), key.value()))
			.set(ApiKeyDocument.ENCRYPTION_KEY_ID, this.cipher.currentKeyId());
		if (this.mongo.updateFirst(byUserAndHash(document.userId(), document.keyHash()), update, ApiKeyDocument.class)
			.getModifiedCount() == 1) {
			log.info("[Auto-Renewal] Re-encrypted key {} of user {} under the current encryption key",
					document.keyLabel(), document.userId());
		}
	}

	private static Query byUser(String userId) {
		return Query.query(Criteria.where(ApiKeyDocument.USER_ID)
			.is(userId)
			.and(ApiKeyDocument.PROVIDER)
			.is(UserKey.PROVIDER));
	}

	private static Query byUserAndHash(String userId, String keyHash) {
		return byUser(userId).addCriteria(Criteria.where(ApiKeyDocument.KEY_HASH).is(keyHash));
	}

	@Override
	public List<Sealed> notUnder(String keyId, String afterUserId, int limit) {
		Query batch = Query.query(notUnder(keyId)).with(Sort.by(ApiKeyDocument.USER_ID)).limit(limit);
		if (afterUserId != null) {
			batch.addCriteria(Criteria.where(ApiKeyDocument.USER_ID).gt(afterUserId));
		}
		return this.mongo.find(batch, ApiKeyDocument.class)
			.stream()
			.map((document) -> new Sealed(document.id(), document.userId(), document.encryptionKeyId(),
					document.encryptedKey()))
			.toList();
	}

	@Override
	public boolean reseal(Sealed sealed, String ciphertext, String keyId) {
		Query unchanged = Query
			.query(Criteria.where("_id").is(sealed.id()).and(ApiKeyDocument.ENCRYPTED_KEY).is(sealed.ciphertext()));
		Update update = Update.update(ApiKeyDocument.ENCRYPTED_KEY, ciphertext)
			.set(ApiKeyDocument.ENCRYPTION_KEY_ID, keyId);
		return this.mongo.updateFirst(unchanged, update, ApiKeyDocument.class).getModifiedCount() == 1;
	}

	@Override
	public long countNotUnder(String keyId) {
		return this.mongo.count(Query.query(notUnder(keyId)), ApiKeyDocument.class);
	}

	private static Criteria notUnder(String keyId) {
		return Criteria.where(ApiKeyDocument.ENCRYPTION_KEY_ID).ne(keyId);
	}

}
