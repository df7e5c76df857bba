package io.autorenew.standin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stand-in's key store. It keeps no raw key: a key is found by its SHA-256 hash,
 * which is also the {@code hash} OpenRouter's API uses to name it.
 */
public final class SimulatedKeys {

	static final String PREFIX = "sk-or-v1-";

	private static final HexFormat HEX = HexFormat.of();

	private final Map<String, SimulatedKey> byHash = new ConcurrentHashMap<>();

	/** Mint order, which the list keeps: creation times are whole seconds, and tests may set them. */
	private final Map<String, Long> minted = new ConcurrentHashMap<>();

	private final java.util.concurrent.atomic.AtomicLong sequence = new java.util.concurrent.atomic.AtomicLong();

	private final SecureRandom random = new SecureRandom();

	private final Clock clock;

	private final int expireAfterCalls;

	private final Duration expireAfter;

	SimulatedKeys(Clock clock, int expireAfterCalls, Duration expireAfter) {
		this.clock = clock;
		this.expireAfterCalls = expireAfterCalls;
		this.expireAfter = expireAfter;
	}

	/** Mints a key: the raw key is returned once, here, and never stored. */
	SimulatedMint mint(KeyRequest request) {
		String key = newKey(this.random);
		SimulatedKey state = new SimulatedKey(hash(key), label(key), masked(key), request, this.clock.instant(),
				this.expireAfterCalls, this.expireAfter);
		this.minted.put(state.hash(), this.sequence.incrementAndGet());
		this.byHash.put(state.hash(), state);
		return new SimulatedMint(key, state);
	}

	Optional<SimulatedKey> findByKey(String key) {
		return findByHash(hash(key));
	}

	Optional<SimulatedKey> findByHash(String hash) {
		return Optional.ofNullable(this.byHash.get(hash));
	}

	/** The keys in the order they were minted, oldest first. */
	List<SimulatedKey> list() {
		return this.byHash.values()
			.stream()
			.sorted(Comparator.comparing((SimulatedKey key) -> this.minted.getOrDefault(key.hash(), 0L)))
			.toList();
	}

	boolean delete(String hash) {
		this.minted.remove(hash);
		return this.byHash.remove(hash) != null;
	}

	/** A fresh key in OpenRouter's format: {@code sk-or-v1-} and 64 hex characters. */
	public static String newKey(SecureRandom random) {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		return PREFIX + HEX.formatHex(bytes);
	}

	static String hash(String key) {
		try {
			return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is a mandatory JDK algorithm", ex);
		}
	}

	/** OpenRouter's display label: {@code sk-or-v1-} plus 3 hex, "...", and the last 4. */
	static String label(String key) {
		int shown = PREFIX.length() + 3;
		return (key.length() < shown + 8) ? "****" : key.substring(0, shown) + "..." + key.substring(key.length() - 4);
	}

	/** {@code ****} and the last four characters; keys under 8 characters print {@code ****}. */
	static String masked(String key) {
		return (key == null || key.length() < 8) ? "****" : "****" + key.substring(key.length() - 4);
	}

}
