package io.autorenew.money;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.autorenew.keys.UserKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retiring keys' spends read (and carried) ahead of their renewal ({@link KeyLimits#readAhead}),
 * by key hash, each taken once by the renewal's {@link KeyLimits#forNextKey}; one nobody takes
 * (the renewal adopted another instance's key) expires.
 *
 * @param <T> what is read of a retiring key
 */
final class SpendReadAhead<T> {

	private static final Logger log = LoggerFactory.getLogger(SpendReadAhead.class);

	private final Cache<String, CompletableFuture<T>> reads = Caffeine.newBuilder()
		.expireAfterWrite(Duration.ofSeconds(30))
		.maximumSize(10_000)
		.build();

	private final Function<UserKey, T> read;

	/** @param read reads a retiring key's spend at OpenRouter now (and may carry it) */
	SpendReadAhead(Function<UserKey, T> read) {
		this.read = read;
	}

	/** Starts reading the key's spend on {@code executor}, unless a read of it is already under way. */
	void start(UserKey retiring, Executor executor) {
		this.reads.asMap()
			.computeIfAbsent(retiring.keyHash(),
					(hash) -> CompletableFuture.supplyAsync(() -> this.read.apply(retiring), executor));
	}

	/** What was read of the key: ahead if it was (waiting for that read), else now. */
	T take(UserKey retiring) {
		CompletableFuture<T> ahead = this.reads.asMap().remove(retiring.keyHash());
		if (ahead != null) {
			try {
				return ahead.join();
			}
			catch (CompletionException | CancellationException ex) {
				log.debug("Reading ahead the spend of a retiring key failed ({}): reading it again",
						ex.getClass().getSimpleName());
			}
		}
		return this.read.apply(retiring);
	}

}
