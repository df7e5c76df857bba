package io.autorenew.standin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who calls the stand-in, answered as OpenRouter answers: the management key for the key API,
 * a runtime key for everything else, and OpenRouter's 401 {@value #USER_NOT_FOUND} for an
 * unknown, deleted or expired key.
 */
final class StandInAuth {

	private static final Logger logger = LoggerFactory.getLogger(StandInAuth.class);

	/** What OpenRouter answers, with a 401, for an unknown, deleted or expired key. */
	static final String USER_NOT_FOUND = "User not found.";

	private final byte[] managementKey;

	private final SimulatedKey managementKeyInfo;

	private final SimulatedKeys keys;

	private final Clock clock;

	StandInAuth(String managementKey, SimulatedKeys keys, Clock clock) {
		this.managementKey = managementKey.getBytes(StandardCharsets.UTF_8);
		this.managementKeyInfo = new SimulatedKey(SimulatedKeys.hash(managementKey), SimulatedKeys.label(managementKey),
				SimulatedKeys.masked(managementKey), new KeyRequest("Management key", null, null, null, false),
				clock.instant(), 0, Duration.ZERO);
		this.keys = keys;
		this.clock = clock;
	}

	/** The management key, as {@code GET /key} describes it. */
	SimulatedKey managementKeyInfo() {
		return this.managementKeyInfo;
	}

	/** A 401 unless the caller holds the management key; a 403 for a usable runtime key. */
	void requireManagementKey(String authorization) {
		String bearer = bearer(authorization);
		if (isManagementKey(bearer)) {
			return;
		}
		if (this.keys.findByKey(bearer).filter((key) -> key.isUsable(this.clock.instant())).isPresent()) {
			throw new StandInException(403, "Only management keys can perform this operation");
		}
		throw StandInException.unauthorized(USER_NOT_FOUND);
	}

	boolean isManagementKey(String bearer) {
		return MessageDigest.isEqual(this.managementKey, bearer.getBytes(StandardCharsets.UTF_8));
	}

	/** The usable runtime key, or a 401 like real OpenRouter's for unknown or expired keys. */
	SimulatedKey runtimeKey(String bearer) {
		SimulatedKey key = this.keys.findByKey(bearer)
			.orElseThrow(() -> StandInException.unauthorized(USER_NOT_FOUND));
		if (!key.isUsable(this.clock.instant())) {
			throw rejected(key);
		}
		return key;
	}

	/** The caller's runtime key, refused as OpenRouter would when it is disabled or spent. */
	SimulatedKey usableForCalls(String authorization) {
		SimulatedKey key = runtimeKey(bearer(authorization));
		if (key.disabled()) {
			throw new StandInException(403, "Key is disabled");
		}
		if (key.limitReached()) {
			throw new StandInException(402, "Key limit exceeded");
		}
		return key;
	}

	/** OpenRouter's 401 for a key that expired. */
	static StandInException rejected(SimulatedKey key) {
		logger.info("OpenRouter stand-in rejected expired key {} (chat calls made: {})", key.masked(), key.calls());
		return StandInException.unauthorized(USER_NOT_FOUND);
	}

	/** The bearer token of an {@code Authorization} header, or OpenRouter's 401 without one. */
	static String bearer(String authorization) {
		if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
				|| authorization.substring(7).isBlank()) {
			throw StandInException.unauthorized("Missing Authentication header");
		}
		return authorization.substring(7).strip();
	}

}
