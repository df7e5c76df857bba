package io.autorenew.crypto;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.autorenew.store.ServiceLease;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Rewrites every stored key that is not under {@code KEY_ENCRYPTION_KEY} (encrypted under a
 * previous key, or in the format from before Tink) under it, in the background, so that a
 * rotated-out key can be dropped. It walks {@code api_keys} in {@code user_id} order, one batch
 * at a time, and records a checkpoint after each batch in {@code key_reencryption} (one document
 * per target key id: where it is, how many keys it rewrote, how many no configured key could
 * read). A replica that stops mid-way leaves the checkpoint, and whichever replica runs next
 * resumes there. One replica at a time runs it, under a {@link ServiceLease}. Each key is
 * rewritten only if its ciphertext is still the one read, so a renewal at the same moment is
 * never overwritten.
 */
public final class KeyReencryption {

	static final String COLLECTION = "key_reencryption";

	private static final String LEASE = "key-reencryption";

	private static final Logger log = LoggerFactory.getLogger(KeyReencryption.class);

	private final MongoOperations mongo;

	private final SealedKeys keys;

	private final KeyCipher cipher;

	private final ServiceLease lease;

	private final Clock clock;

	private final int batchSize;

	private final Duration leaseFor;

	private final AtomicLong pending = new AtomicLong(-1);

	KeyReencryption(MongoOperations mongo, SealedKeys keys, KeyCipher cipher, ServiceLease lease, Clock clock,
			int batchSize, Duration interval, MeterRegistry registry) {
		this.mongo = mongo;
		this.keys = keys;
		this.cipher = cipher;
		this.lease = lease;
		this.clock = clock;
		this.batchSize = batchSize;
		this.leaseFor = interval.plus(interval);
		Gauge.builder("keys.encryption.pending", this.pending, AtomicLong::get)
			.description("Stored keys not yet under KEY_ENCRYPTION_KEY, as last counted (-1: not counted yet)")
			.register(registry);
	}

	/** Runs batches until no key is left to rewrite, if this replica takes the lease; never throws. */
	void runQuietly() {
		try {
			if (!this.lease.tryAcquire(LEASE, this.leaseFor)) {
				return;
			}
			Progress progress = step();
			while (progress.run().finishedAt() == null) {
				this.lease.tryAcquire(LEASE, this.leaseFor);
				progress = step();
			}
		}
		catch (DataAccessException | IllegalStateException ex) {
			log.warn("[Encryption] Re-encryption stopped, it resumes at its checkpoint on the next run: {}",
					ex.getMessage());
		}
	}

	/**
	 * Rewrites one batch from the checkpoint and moves the checkpoint past it. When the last pass
	 * finished and keys are still not under the current key (written by a replica that had not
	 * been given the new key yet), a new pass starts from the beginning.
	 */
	Progress step() {
		Run run = currentRun();
		if (run.finishedAt() != null) {
			if (countPending() == run.unreadable()) {
				return progress(run);
			}
			run = restart(run);
		}
		List<SealedKeys.Sealed> documents = this.keys.notUnder(this.cipher.currentKeyId(), run.after(),
				this.batchSize);
		int rewritten = 0;
		int unreadable = 0;
		for (SealedKeys.Sealed document : documents) {
			try {
				String plaintext = this.cipher.decrypt(document.userId(), document.keyId(), document.ciphertext());
				if (rewrite(document, plaintext)) {
					rewritten++;
				}
			}
			catch (KeyCipher.UndecryptableKeyException ex) {
				unreadable++;
			}
		}
		Instant now = this.clock.instant();
		Update checkpoint = new Update().inc("reencrypted", rewritten).inc("unreadable", unreadable).set("updated_at", now);
		if (!documents.isEmpty()) {
			checkpoint.set("after_user_id", documents.get(documents.size() - 1).userId());
		}
		if (documents.size() < this.batchSize) {
			checkpoint.set("finished_at", now);
		}
		Run next = Run.of(this.mongo.findAndModify(Query.query(Criteria.where("_id").is(run.targetKeyId())),
				checkpoint, FindAndModifyOptions.options().returnNew(true), Document.class, COLLECTION));
		Progress progress = progress(next);
		log.info("[Encryption] Re-encrypted {} key(s) under {} in this batch; {} in this pass, {} not decryptable, "
				+ "{} not under the current key{}", rewritten, run.targetKeyId(), next.reencrypted(),
				next.unreadable(), progress.pending(), (next.finishedAt() != null) ? "; pass finished" : "");
		return progress;
	}

	/** Where the re-encryption under the current key stands, counted now; changes nothing. */
	public Progress progress() {
		Document stored = this.mongo.findById(this.cipher.currentKeyId(), Document.class, COLLECTION);
		return progress((stored != null) ? Run.of(stored) : Run.notStarted(this.cipher.currentKeyId()));
	}

	private Progress progress(Run run) {
		long total = this.keys.count();
		long notCurrent = countPending();
		return new Progress(this.cipher.currentKeyId(), this.cipher.keyIds(), total, total - notCurrent, notCurrent,
				run);
	}

	private long countPending() {
		long count = this.keys.countNotUnder(this.cipher.currentKeyId());
		this.pending.set(count);
		return count;
	}

	private boolean rewrite(SealedKeys.Sealed sealed, String plaintext) {
		return this.keys.reseal(sealed, this.cipher.encrypt(sealed.userId(), plaintext), this.cipher.currentKeyId());
	}

	private Run currentRun() {
		String target = this.cipher.currentKeyId();
		Query byTarget = Query.query(Criteria.where("_id").is(target));
		Update start = new Update().setOnInsert("started_at", this.clock.instant())
			.setOnInsert("reencrypted", 0)
			.setOnInsert("unreadable", 0);
		return Run.of(this.mongo.findAndModify(byTarget, start,
				FindAndModifyOptions.options().upsert(true).returnNew(true), Document.class, COLLECTION));
	}

	private Run restart(Run finished) {
		Update again = new Update().unset("after_user_id")
			.unset("finished_at")
			.set("unreadable", 0)
			.set("started_at", this.clock.instant());
		return Run.of(this.mongo.findAndModify(Query.query(Criteria.where("_id").is(finished.targetKeyId())), again,
				FindAndModifyOptions.options().returnNew(true), Document.class, COLLECTION));
	}

	/**
	 * Where the re-encryption stands.
	 *
	 * @param currentKeyId the id of {@code KEY_ENCRYPTION_KEY}
	 * @param keyIds the ids of every configured key, the current one first
	 * @param keys the stored keys
	 * @param underCurrentKey of them, those under the current key
	 * @param pending of them, those not (yet) under it
	 * @param run the pass under the current key: its checkpoint and counts
	 */
	public record Progress(String currentKeyId, List<String> keyIds, long keys, long underCurrentKey, long pending,
			Run run) {

		/**
		 * Whether every key that a configured key can read is under the current one: the
		 * previous keys may then be dropped (the unreadable rest is replaced at its next use).
		 */
		public boolean complete() {
			return this.pending == 0 || (this.run.finishedAt() != null && this.pending == this.run.unreadable());
		}

	}

	/**
	 * A pass of the re-encryption under one key.
	 *
	 * @param targetKeyId the key it rewrites under
	 * @param startedAt when the pass started
	 * @param updatedAt when its last batch was checkpointed
	 * @param finishedAt when it reached the end ({@code null}: not yet)
	 * @param after the checkpoint: the last {@code user_id} done
	 * @param reencrypted keys rewritten under the target key so far
	 * @param unreadable keys in this pass that no configured key decrypts
	 */
	public record Run(String targetKeyId, Instant startedAt, Instant updatedAt, Instant finishedAt, String after,
			long reencrypted, long unreadable) {

		static Run notStarted(String targetKeyId) {
			return new Run(targetKeyId, null, null, null, null, 0, 0);
		}

		static Run of(Document document) {
			return new Run(document.getString("_id"), instant(document, "started_at"),
					instant(document, "updated_at"), instant(document, "finished_at"),
					document.getString("after_user_id"), number(document, "reencrypted"),
					number(document, "unreadable"));
		}

		private static Instant instant(Document document, String field) {
			java.util.Date date = document.getDate(field);
			return (date != null) ? date.toInstant() : null;
		}

		private static long number(Document document, String field) {
			Number value = document.get(field, Number.class);
			return (value != null) ? value.longValue() : 0;
		}

	}

}
