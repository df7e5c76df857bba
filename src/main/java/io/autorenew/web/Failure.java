package io.autorenew.web;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * Every failure the service answers with: its HTTP status, its stable {@code code}, its title
 * and when it is answered. A {@link Problem} is one of them with its detail and
 * {@code Retry-After}; every error body the service writes, in whichever shape the caller's
 * API speaks, is made from one ({@link ProblemWriter}). The API description lists these per
 * endpoint ({@link ProblemCodes}), and docs/api.md's error table lists them all (a test keeps
 * the two equal). A new failure is a new constant here.
 */
public enum Failure {

	INVALID_REQUEST(HttpStatus.BAD_REQUEST, "Invalid request",
			"malformed or truncated JSON, content after the JSON object, a duplicate or unknown field, a missing, blank "
					+ "or non-string prompt, a bad path or query parameter; under /v1/ a field of the wrong type or one "
					+ "the request policy refuses (`store: true`, `previous_response_id`)"),

	INPUT_TOO_LARGE(HttpStatus.BAD_REQUEST, "Input too large",
			"an agent request (/v1/) carries more than OPENROUTER_MAX_INPUT_CHARS characters of text"),

	INVALID_MODEL(HttpStatus.BAD_REQUEST, "Invalid model",
			"the model is not vendor/model[:variant] or not one the allow-list offers"),

	UNAUTHORIZED(HttpStatus.UNAUTHORIZED, "Unauthorized", "the bearer token is missing or refused"),

	CREDITS_EXHAUSTED(HttpStatus.PAYMENT_REQUIRED, "Credits exhausted",
			"OpenRouter says the account has no credit left"),

	BUDGET_EXHAUSTED(HttpStatus.PAYMENT_REQUIRED, "Budget exhausted",
			"the user spent their whole budget for the period; see Retry-After and periodEndsAt"),

	FORBIDDEN(HttpStatus.FORBIDDEN, "Forbidden", "a valid token without the admin scope on an admin path"),

	CORS_REJECTED(HttpStatus.FORBIDDEN, "Origin not allowed",
			"a browser request from an origin not in CORS_ALLOWED_ORIGINS"),

	USER_SUSPENDED(HttpStatus.FORBIDDEN, "User suspended",
			"an operator suspended the user (POST /admin/users/{userId}/suspend)"),

	KEY_NOT_FOUND(HttpStatus.NOT_FOUND, "Key not found", "the user has no stored key"),

	USER_NOT_FOUND(HttpStatus.NOT_FOUND, "User not found",
			"an admin read (budget, events) of a user the service has never seen (no key, no audit event), or a "
					+ "force-provision, suspend, resume or budget for one without ?create=true"),

	NOT_FOUND(HttpStatus.NOT_FOUND, "Not Found", "nothing is served at this path"),

	METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "Method Not Allowed", "the path does not take this HTTP method"),

	NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "Not Acceptable",
			"the Accept header excludes every type the endpoint answers"),

	PROMPT_TOO_LARGE(HttpStatus.PAYLOAD_TOO_LARGE, "Prompt too large", "the prompt is longer than 100,000 characters"),

	REQUEST_TOO_LARGE(HttpStatus.PAYLOAD_TOO_LARGE, "Request too large", "the body is larger than MAX_REQUEST_SIZE"),

	UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type",
			"the body is not sent as application/json"),

	CONTENT_BLOCKED(HttpStatus.UNPROCESSABLE_ENTITY, "Content blocked",
			"OpenRouter refused the content (moderation, a guardrail)"),

	RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "Rate limited",
			"the user sent more than RATE_LIMIT_PER_MINUTE calls; see Retry-After"),

	TOO_MANY_STREAMS(HttpStatus.TOO_MANY_REQUESTS, "Too many streams",
			"the user already holds STREAMS_PER_USER open streams; see Retry-After"),

	UPSTREAM_RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "Upstream rate limited",
			"OpenRouter rate-limited the call past the request deadline; see Retry-After"),

	INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error", "anything unexpected"),

	UPSTREAM_REJECTED(HttpStatus.BAD_GATEWAY, "Upstream rejected",
			"OpenRouter refused the request itself (a 4xx other than 401, 402, 403, 408, 429)"),

	UPSTREAM_ERROR(HttpStatus.BAD_GATEWAY, "Upstream error",
			"OpenRouter kept failing (5xx, 408, connection errors, an unreadable answer), or refused the key again after "
					+ "one renewal"),

	UPSTREAM_INVALID(HttpStatus.BAD_GATEWAY, "Upstream invalid",
			"OpenRouter answered 200 with a body that is not a chat completion (under /v1)"),

	PROVISIONING_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Key provisioning unavailable",
			"minting a key failed or is paused by the circuit breaker; see Retry-After"),

	PROVISIONING_NOT_CONFIGURED(HttpStatus.SERVICE_UNAVAILABLE, "Key provisioning not configured",
			"a key had to be minted but OPENROUTER_PROVISIONING_KEY is unset"),

	MINT_CAP(HttpStatus.SERVICE_UNAVAILABLE, "Mint cap reached",
			"a key had to be minted but OPENROUTER_MINTS_PER_MINUTE is reached; see Retry-After"),

	NEW_USER_CAP(HttpStatus.SERVICE_UNAVAILABLE, "Mint cap reached",
			"a first key for a new user but OPENROUTER_NEW_USERS_PER_HOUR is reached; see Retry-After"),

	TOTAL_LIMIT_CAP(HttpStatus.SERVICE_UNAVAILABLE, "Mint cap reached",
			"a first key would take the limits of all live keys past OPENROUTER_TOTAL_LIMIT_USD; see Retry-After"),

	STORE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Store unavailable",
			"MongoDB did not answer in time; see Retry-After"),

	UPSTREAM_TIMEOUT(HttpStatus.GATEWAY_TIMEOUT, "Upstream timeout",
			"the last call to OpenRouter hit the connect or read timeout");

	/**
	 * What a call to OpenRouter's chat API with the user's own key can answer: the rate limit,
	 * the store, minting and renewing the key, and OpenRouter's own refusals and failures.
	 */
	public static final List<Failure> CHAT_CALL = List.of(RATE_LIMITED, STORE_UNAVAILABLE, CREDITS_EXHAUSTED,
			BUDGET_EXHAUSTED, USER_SUSPENDED, CONTENT_BLOCKED, UPSTREAM_RATE_LIMITED, UPSTREAM_REJECTED, UPSTREAM_ERROR,
			UPSTREAM_TIMEOUT, PROVISIONING_UNAVAILABLE, PROVISIONING_NOT_CONFIGURED, MINT_CAP, NEW_USER_CAP,
			TOTAL_LIMIT_CAP);

	private final HttpStatus status;

	private final String code;

	private final String title;

	private final String when;

	Failure(HttpStatus status, String title, String when) {
		this.status = status;
		this.code = name().toLowerCase(java.util.Locale.ROOT);
		this.title = title;
		this.when = when;
	}

	/** The failure with this stable code. */
	public static Optional<Failure> find(String code) {
		return Arrays.stream(values()).filter((failure) -> failure.code.equals(code)).findFirst();
	}

	/**
	 * The failure the framework or the container means by a bare status (a wrong method, an
	 * unknown path): {@link #INVALID_REQUEST} for a 4xx without a failure of its own,
	 * {@link #INTERNAL_ERROR} for anything else.
	 */
	public static Failure forStatus(HttpStatusCode status) {
		return switch (status.value()) {
			case 400 -> INVALID_REQUEST;
			case 401 -> UNAUTHORIZED;
			case 403 -> FORBIDDEN;
			case 404 -> NOT_FOUND;
			case 405 -> METHOD_NOT_ALLOWED;
			case 406 -> NOT_ACCEPTABLE;
			case 413 -> REQUEST_TOO_LARGE;
			case 415 -> UNSUPPORTED_MEDIA_TYPE;
			default -> status.is4xxClientError() ? INVALID_REQUEST : INTERNAL_ERROR;
		};
	}

	public HttpStatus status() {
		return this.status;
	}

	/** The stable code: of the problem, the OpenAI- or Anthropic-shaped error and the stream error event. */
	public String code() {
		return this.code;
	}

	public String title() {
		return this.title;
	}

	/** When it is answered, as the API description says. */
	public String when() {
		return this.when;
	}

	/** This failure, with what to tell the caller. */
	public Problem with(String detail) {
		return new Problem(this, detail, null, java.util.Map.of());
	}

}
