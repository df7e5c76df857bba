package io.autorenew.support;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.StringNode;

/**
 * A {@code POST /keys} body as OpenRouter accepts it: a non-blank {@code name}; optional
 * {@code limit} (number or null), {@code limit_reset} ({@code daily|weekly|monthly} or null),
 * {@code expires_at} (ISO-8601 UTC ending in {@code Z}, or null) and
 * {@code include_byok_in_limit}.
 */
record CreateKeyBody(String name, Double limit, String limitReset, Instant expiresAt, boolean includeByokInLimit) {

	private static final Set<String> RESETS = Set.of("daily", "weekly", "monthly");

	private static final ObjectMapper JSON = new ObjectMapper();

	/** The body as JSON, or as a text node when it is not JSON. */
	static JsonNode read(String body) {
		try {
			JsonNode node = JSON.readTree(body);
			return (node != null && !node.isMissingNode()) ? node : StringNode.valueOf(body);
		}
		catch (JacksonException ex) {
			return StringNode.valueOf(body);
		}
	}

	/**
	 * @throws IllegalArgumentException with OpenRouter's kind of message when the body is not
	 * acceptable
	 */
	static CreateKeyBody parse(JsonNode body) {
		if (body == null || !body.isObject()) {
			throw new IllegalArgumentException("Invalid JSON body");
		}
		JsonNode name = body.path("name");
		if (!name.isString() || name.asString().isBlank()) {
			throw new IllegalArgumentException("name: Name is required");
		}
		JsonNode limit = body.path("limit");
		if (!limit.isMissingNode() && !limit.isNull() && !limit.isNumber()) {
			throw new IllegalArgumentException("limit: Expected number, received " + limit.getNodeType());
		}
		JsonNode reset = body.path("limit_reset");
		if (!reset.isMissingNode() && !reset.isNull() && !(reset.isString() && RESETS.contains(reset.asString()))) {
			throw new IllegalArgumentException("limit_reset: Expected 'daily' | 'weekly' | 'monthly'");
		}
		JsonNode byok = body.path("include_byok_in_limit");
		if (!byok.isMissingNode() && !byok.isBoolean()) {
			throw new IllegalArgumentException("include_byok_in_limit: Expected boolean");
		}
		return new CreateKeyBody(name.asString(), limit.isNumber() ? limit.asDouble() : null,
				reset.isString() ? reset.asString() : null, expiresAt(body.path("expires_at")), byok.asBoolean(false));
	}

	private static Instant expiresAt(JsonNode value) {
		if (value.isMissingNode() || value.isNull()) {
			return null;
		}
		if (!value.isString() || !value.asString().endsWith("Z")) {
			throw new IllegalArgumentException("expires_at: Expected an ISO 8601 UTC timestamp ending in Z");
		}
		try {
			return Instant.parse(value.asString());
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException("expires_at: Expected an ISO 8601 UTC timestamp ending in Z");
		}
	}

}
