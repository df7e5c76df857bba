package io.autorenew.money;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.autorenew.openrouter.KeyDetails;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retiring keys' spends read ahead of their renewal ({@link KeyLimits#readAhead}), by key hash,
 * each taken once by the renewal's {@link KeyLimits#forNextKey}; one nobody takes (the renewal
 * adopted another instance's key) expires.
 */
final class SpendReadAhead {

	private static final Logger log = LoggerFactory.getLogger(SpendReadAhead.class);

	private final Cache<String, CompletableFuture<Optional<KeyDetails>>> reads = Caffeine.newBuilder()
		.expireAfterWrite(Duration.ofSeconds(30))
		.maximumSize(10_000)
		.build();

	private final Function<String, Optional<KeyDetails>> read;

	/** @param read reads a key's details at OpenRouter now, by its hash */
	SpendReadAhead(Function<String, Optional<KeyDetails>> read) {
		this.read = read;
	}

	/** Starts reading the key's details on {@code executor}, unless a read of it is already under way. */
	void start(String keyHash, Executor executor) {
		this.reads.asMap()
			.computeIfAbsent(keyHash, (hash) -> CompletableFuture.supplyAsync(() -> this.read.apply(hash), executor));
	}

	/** The key's details: read ahead if they were (waiting for that read), else now. */
	Optional<KeyDetails> take(String keyHash) {
		CompletableFuture<Optional<KeyDetails>> ahead = this.reads.asMap().remove(keyHash);
		if (ahead != null) {
			try {
				return ahead.join();
			}
			catch (CompletionException | CancellationException ex) {
				log.debug("Reading ahead the spend of a retiring key failed ({}): reading it again",
						ex.getClass().getSimpleName());
			}
		}
		return this.read.apply(keyHash);
	}

}
