package io.autorenew.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import org.slf4j.MDC;

/**
 * The id of each request: the caller's {@code X-Request-Id} when it is well formed (1 to 128
 * letters, digits, {@code . _ : -}), else a new UUID. It is answered in the same header, put
 * on every log line of the request (the {@code requestId} MDC key) and in every problem.
 */
public final class RequestIds {

	public static final String HEADER = "X-Request-Id";

	/** The MDC key of the request's id. */
	public static final String MDC_KEY = "requestId";

	/** The MDC key of the signed-in user's id, hashed. */
	public static final String USER_MDC_KEY = "userHash";

	private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

	private RequestIds() {
	}

	/**
	 * {@code task} with the caller's log context (the request's id and the user's hash), on
	 * whichever thread runs it; that thread's own context is back when it ends. {@code task}
	 * itself when the caller has none.
	 */
	public static Runnable carryingLogContext(Runnable task) {
		Map<String, String> context = MDC.getCopyOfContextMap();
		if (context == null) {
			return task;
		}
		return () -> {
			Map<String, String> own = MDC.getCopyOfContextMap();
			MDC.setContextMap(context);
			try {
				task.run();
			}
			finally {
				if (own != null) {
					MDC.setContextMap(own);
				}
				else {
					MDC.clear();
				}
			}
		};
	}

	/** The caller's id if it is well formed, else a new one. */
	public static String accept(String candidate) {
		if (candidate != null && WELL_FORMED.matcher(candidate).matches()) {
			return candidate;
		}
		return newId();
	}

	/**
	 * A new id in the form of a random UUID. It names a request in logs and answers and guards
	 * nothing, so it comes from {@link ThreadLocalRandom}: {@code UUID.randomUUID()} reads the
	 * system's secure random source under a lock on every request.
	 */
	static String newId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long high = (random.nextLong() & ~0xF000L) | 0x4000L;
		long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(high, low).toString();
	}

	/**
	 * What logs show of a user: the first 16 hex digits of the SHA-256 of the user's id, the
	 * same on every instance, so one user's lines can be found without their subject.
	 */
	public static String userHash(String userId) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(userId.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 8);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java platform", ex);
		}
	}

	/** The id of the request this thread serves, or {@code null} outside a request. */
	public static String current() {
		return MDC.get(MDC_KEY);
	}

}
