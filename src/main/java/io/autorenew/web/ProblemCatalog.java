package io.autorenew.web;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every stable problem {@code code} the service answers, with its HTTP status and when it is
 * answered: what the API description lists per endpoint, and what docs/api.md's error table
 * says (a test keeps the two equal).
 */
public final class ProblemCatalog {

	/** One code: its status and when it is answered. */
	public record Entry(String code, int status, String when) {
	}

	private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

	/**
	 * What a call to OpenRouter's chat API with the user's own key can answer: the rate limit,
	 * the store, minting and renewing the key, and OpenRouter's own refusals and failures.
	 */
	public static final List<String> CHAT_CALL = List.of("rate_limited", "store_unavailable", "credits_exhausted",
			"budget_exhausted", "user_suspended",
			"content_blocked", "upstream_rate_limited", "upstream_rejected", "upstream_error", "upstream_timeout",
			"provisioning_unavailable", "provisioning_not_configured", "mint_cap", "new_user_cap", "total_limit_cap");

	static {
		add("invalid_request", 400, "malformed or truncated JSON, content after the JSON object, a duplicate or "
				+ "unknown field, a missing, blank or non-string prompt, a bad path or query parameter; under /v1/ a field "
				+ "of the wrong type or one the request policy refuses (`store: true`, `previous_response_id`)");
		add("input_too_large", 400, "an agent request (/v1/) carries more than OPENROUTER_MAX_INPUT_CHARS characters "
				+ "of text");
		add("invalid_model", 400, "the model is not vendor/model[:variant] or not one the allow-list offers");
		add("unauthorized", 401, "the bearer token is missing or refused");
		add("credits_exhausted", 402, "OpenRouter says the account has no credit left");
		add("budget_exhausted", 402, "the user spent their whole budget for the period; see Retry-After and "
				+ "periodEndsAt");
		add("forbidden", 403, "a valid token without the admin scope on an admin path");
		add("cors_rejected", 403, "a browser request from an origin not in CORS_ALLOWED_ORIGINS");
		add("user_suspended", 403, "an operator suspended the user (POST /admin/users/{userId}/suspend)");
		add("key_not_found", 404, "the user has no stored key");
		add("user_not_found", 404, "an admin read (budget, events) of a user the service has never seen (no key, no "
				+ "audit event), or a force-provision, suspend, resume or budget for one without ?create=true");
		add("not_found", 404, "nothing is served at this path");
		add("method_not_allowed", 405, "the path does not take this HTTP method");
		add("not_acceptable", 406, "the Accept header excludes every type the endpoint answers");
		add("prompt_too_large", 413, "the prompt is longer than 100,000 characters");
		add("request_too_large", 413, "the body is larger than MAX_REQUEST_SIZE");
		add("unsupported_media_type", 415, "the body is not sent as application/json");
		add("content_blocked", 422, "OpenRouter refused the content (moderation, a guardrail)");
		add("rate_limited", 429, "the user sent more than RATE_LIMIT_PER_MINUTE calls; see Retry-After");
		add("too_many_streams", 429, "the user already holds STREAMS_PER_USER open streams; see Retry-After");
		add("upstream_rate_limited", 429, "OpenRouter rate-limited the call past the request deadline; "
				+ "see Retry-After");
		add("internal_error", 500, "anything unexpected");
		add("upstream_rejected", 502, "OpenRouter refused the request itself (a 4xx other than 401, 402, 403, "
				+ "408, 429)");
		add("upstream_error", 502, "OpenRouter kept failing (5xx, 408, connection errors, an unreadable answer), "
				+ "or refused the key again after one renewal");
		add("upstream_invalid", 502, "OpenRouter answered 200 with a body that is not a chat completion (under /v1)");
		add("provisioning_unavailable", 503, "minting a key failed or is paused by the circuit breaker; "
				+ "see Retry-After");
		add("provisioning_not_configured", 503, "a key had to be minted but OPENROUTER_PROVISIONING_KEY is unset");
		add("mint_cap", 503, "a key had to be minted but OPENROUTER_MINTS_PER_MINUTE is reached; see Retry-After");
		add("new_user_cap", 503, "a first key for a new user but OPENROUTER_NEW_USERS_PER_HOUR is reached; "
				+ "see Retry-After");
		add("total_limit_cap", 503, "a first key would take the limits of all live keys past "
				+ "OPENROUTER_TOTAL_LIMIT_USD; see Retry-After");
		add("store_unavailable", 503, "MongoDB did not answer in time; see Retry-After");
		add("upstream_timeout", 504, "the last call to OpenRouter hit the connect or read timeout");
	}

	private ProblemCatalog() {
	}

	private static void add(String code, int status, String when) {
		ENTRIES.put(code, new Entry(code, status, when));
	}

	public static Optional<Entry> find(String code) {
		return Optional.ofNullable(ENTRIES.get(code));
	}

	public static Collection<Entry> entries() {
		return ENTRIES.values();
	}

}
