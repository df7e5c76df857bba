package io.autorenew.standin;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /keys}, validated as OpenRouter's {@code createKeys} request
 * schema describes it: {@code name} is required, everything else is optional.
 *
 * @param name display name of the key, never blank
 * @param limit spending limit in USD, or {@code null} for none
 * @param limitReset {@code daily}, {@code weekly}, {@code monthly} or {@code null}
 * @param expiresAt when the key stops working, or {@code null} for never
 * @param includeByokInLimit whether BYOK usage counts against the limit
 */
record KeyRequest(String name, Double limit, String limitReset, Instant expiresAt, boolean includeByokInLimit) {

	private static final Set<String> LIMIT_RESETS = Set.of("daily", "weekly", "monthly");

	/** Reads and validates a request body, throwing a 400 {@link StandInException}. */
	static KeyRequest from(JsonNode body, Instant now) {
		if (body == null || !body.isObject()) {
			throw StandInException.badRequest("Request body must be a JSON object");
		}
		JsonNode name = body.path("name");
		if (!name.isString() || name.asString().isBlank()) {
			throw StandInException.badRequest("name: a non-empty string is required");
		}
		return new KeyRequest(name.asString(), limit(body.path("limit")), limitReset(body.path("limit_reset")),
				expiresAt(body.path("expires_at"), now), includeByokInLimit(body.path("include_byok_in_limit")));
	}

	private static Double limit(JsonNode limit) {
		if (isAbsent(limit)) {
			return null;
		}
		if (!limit.isNumber() || limit.asDouble() < 0) {
			throw StandInException.badRequest("limit: must be a non-negative number or null");
		}
		return limit.asDouble();
	}

	private static String limitReset(JsonNode limitReset) {
		if (isAbsent(limitReset)) {
			return null;
		}
		if (!limitReset.isString() || !LIMIT_RESETS.contains(limitReset.asString())) {
			throw StandInException.badRequest("limit_reset: must be one of daily, weekly, monthly or null");
		}
		return limitReset.asString();
	}

	private static Instant expiresAt(JsonNode expiresAt, Instant now) {
		if (isAbsent(expiresAt)) {
			return null;
		}
		// OpenRouter takes UTC only (its key-management docs): an offset is refused, not converted.
		Instant instant;
		try {
			instant = OffsetDateTime.parse(expiresAt.asString()).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw StandInException.badRequest("expires_at: must be an ISO 8601 date-time");
		}
		if (!expiresAt.asString().endsWith("Z")) {
			throw StandInException.badRequest("expires_at: Expected an ISO 8601 UTC timestamp ending in Z");
		}
		if (!instant.isAfter(now)) {
			throw StandInException.badRequest("expires_at: must be in the future");
		}
		return instant;
	}

	private static boolean includeByokInLimit(JsonNode include) {
		if (include.isMissingNode()) {
			return false;
		}
		if (!include.isBoolean()) {
			throw StandInException.badRequest("include_byok_in_limit: must be a boolean");
		}
		return include.asBoolean();
	}

	private static boolean isAbsent(JsonNode node) {
		return node.isMissingNode() || node.isNull();
	}

}
