package io.autorenew.standin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The stand-in's endpoints, shaped as OpenRouter's OpenAPI description has them: key
 * management ({@code /keys}, management key only), {@code GET /key} and
 * {@code POST /chat/completions} (runtime key).
 */
final class StandInEndpoints {

	private static final Logger logger = LoggerFactory.getLogger(StandInEndpoints.class);

	/** What OpenRouter answers, with a 401, for an unknown, deleted or expired key. */
	private static final String USER_NOT_FOUND = "User not found.";

	/** Keys in one page of {@code GET /keys}. */
	static final int PAGE = 100;

	private static final String CREATOR_USER_ID = "user_demo";

	private static final String WORKSPACE_ID = UUID.nameUUIDFromBytes(
			"openrouter-simulator".getBytes(StandardCharsets.UTF_8)).toString();

	private final byte[] managementKey;

	private final SimulatedKey managementKeyInfo;

	private final SimulatedKeys keys;

	private final Clock clock;

	private final ObjectMapper json = new ObjectMapper();

	private final AtomicLong generations = new AtomicLong();

	StandInEndpoints(String managementKey, SimulatedKeys keys, Clock clock) {
		this.managementKey = managementKey.getBytes(StandardCharsets.UTF_8);
		this.managementKeyInfo = new SimulatedKey(SimulatedKeys.hash(managementKey), SimulatedKeys.label(managementKey),
				SimulatedKeys.masked(managementKey), new KeyRequest("Management key", null, null, null, false),
				clock.instant(), 0, Duration.ZERO);
		this.keys = keys;
		this.clock = clock;
	}

	/**
	 * Answers one request.
	 * @param route the path below {@code /api/v1}, e.g. {@code /keys}
	 * @param query the query string, or {@code null}
	 * @param authorization the {@code Authorization} header, or {@code null}
	 * @throws StandInException for any error answer
	 */
	StandInReply handle(String method, String route, String query, String authorization, byte[] body) {
		return switch (method + " " + route) {
			case "POST /keys" -> mint(authorization, body);
			case "GET /keys" -> list(authorization, query);
			case "GET /key" -> currentKey(authorization);
			case "POST /chat/completions" -> chat(authorization, body);
			case "POST /responses" -> responses(authorization, body);
			case "POST /messages" -> messages(authorization, body);
			default -> keyByHash(method, route, authorization, body);
		};
	}

	/**
	 * {@code GET /keys}: as OpenRouter, disabled keys only with {@code include_disabled=true}, a
	 * page from {@code offset} (a non-negative integer, as the spec says). OpenRouter does not
	 * document its page size; pages here hold {@value #PAGE} keys.
	 */
	private StandInReply list(String authorization, String query) {
		requireManagementKey(authorization);
		MultiValueMap<String, String> parameters = UriComponentsBuilder.newInstance().query(query).build().getQueryParams();
		boolean disabledToo = "true".equals(parameters.getFirst("include_disabled"));
		int offset = (parameters.getFirst("offset") != null) ? offset(parameters.getFirst("offset")) : 0;
		return StandInReply.ok(Map.of("data", this.keys.list()
			.stream()
			.filter((key) -> disabledToo || !key.disabled())
			.skip(offset)
			.limit(PAGE)
			.map(this::data)
			.toList()));
	}

	private static int offset(String value) {
		try {
			int offset = Integer.parseInt(value);
			if (offset >= 0) {
				return offset;
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw StandInException.badRequest("offset: Expected a non-negative integer");
	}

	/** {@code GET}, {@code PATCH} ({@code disabled} only) or {@code DELETE /keys/{hash}}. */
	private StandInReply keyByHash(String method, String route, String authorization, byte[] body) {
		String hash = route.startsWith("/keys/") ? route.substring("/keys/".length()) : "";
		if (hash.isEmpty() || hash.contains("/") || !(method.equals("GET") || method.equals("DELETE")
				|| method.equals("PATCH"))) {
			throw StandInException.notFound();
		}
		requireManagementKey(authorization);
		SimulatedKey key = this.keys.findByHash(hash).orElseThrow(StandInException::notFound);
		if (method.equals("GET")) {
			return StandInReply.ok(Map.of("data", data(key)));
		}
		if (method.equals("PATCH")) {
			JsonNode changes = parse(body);
			if (changes.has("limit")) {
				key.setLimit(changes.get("limit").isNull() ? null : changes.get("limit").asDouble());
				logger.info("OpenRouter stand-in set the limit of key {} to {}", key.masked(), key.limit());
			}
			if (changes.has("disabled")) {
				key.setDisabled(changes.get("disabled").asBoolean());
				logger.info("OpenRouter stand-in {} key {}", key.disabled() ? "disabled" : "enabled", key.masked());
			}
			return StandInReply.ok(Map.of("data", data(key)));
		}
		this.keys.delete(hash);
		logger.info("OpenRouter stand-in deleted key {}", key.masked());
		return StandInReply.ok(Map.of("deleted", true));
	}

	private StandInReply mint(String authorization, byte[] body) {
		requireManagementKey(authorization);
		SimulatedMint minted = this.keys.mint(KeyRequest.from(parse(body), this.clock.instant()));
		logger.info("OpenRouter stand-in minted key {} for \"{}\"", minted.state().masked(), minted.state().name());
		Map<String, Object> created = new LinkedHashMap<>();
		created.put("data", data(minted.state()));
		created.put("key", minted.key());
		return new StandInReply(201, created);
	}

	private StandInReply currentKey(String authorization) {
		String bearer = bearer(authorization);
		if (isManagementKey(bearer)) {
			Map<String, Object> data = this.managementKeyInfo.toCurrentKeyData(CREATOR_USER_ID);
			data.put("is_management_key", true);
			data.put("is_provisioning_key", true);
			return StandInReply.ok(Map.of("data", data));
		}
		return StandInReply.ok(Map.of("data", runtimeKey(bearer).toCurrentKeyData(CREATOR_USER_ID)));
	}

	private StandInReply chat(String authorization, byte[] body) {
		SimulatedKey key = usableForCalls(authorization);
		JsonNode request = parse(body);
		ChatPrompt prompt = ChatPrompt.from(request);
		if (!key.tryUse(this.clock.instant())) {
			throw rejected(key);
		}
		logger.debug("OpenRouter stand-in answered chat call {} of key {}", key.calls(), key.masked());
		long created = this.clock.instant().getEpochSecond();
		String id = "gen-" + created + "-" + this.generations.incrementAndGet();
		if (request.path("stream").asBoolean(false)) {
			return StandInReply.events(prompt.events(id, created, this.json));
		}
		return StandInReply.ok(prompt.answer(id, created));
	}

	/** {@code POST /messages}: the Anthropic Messages API, plain or as typed events. */
	private StandInReply messages(String authorization, byte[] body) {
		SimulatedKey key = usableForCalls(authorization);
		JsonNode request = parse(body);
		MessagePrompt prompt = MessagePrompt.from(request);
		if (!key.tryUse(this.clock.instant())) {
			throw rejected(key);
		}
		String id = this.clock.instant().getEpochSecond() + "-" + this.generations.incrementAndGet();
		if (request.path("stream").asBoolean(false)) {
			return StandInReply.events(prompt.events(id, this.json));
		}
		return StandInReply.ok(prompt.answer(id));
	}

	/** The caller's runtime key, refused as OpenRouter would when it is disabled or spent. */
	private SimulatedKey usableForCalls(String authorization) {
		SimulatedKey key = runtimeKey(bearer(authorization));
		if (key.disabled()) {
			throw new StandInException(403, "Key is disabled");
		}
		if (key.limitReached()) {
			throw new StandInException(402, "Key limit exceeded");
		}
		return key;
	}

	/** {@code POST /responses}: OpenRouter's Responses API, plain or as typed events. */
	private StandInReply responses(String authorization, byte[] body) {
		SimulatedKey key = usableForCalls(authorization);
		JsonNode request = parse(body);
		ResponsePrompt prompt = ResponsePrompt.from(request);
		if (!key.tryUse(this.clock.instant())) {
			throw rejected(key);
		}
		long created = this.clock.instant().getEpochSecond();
		String id = created + "-" + this.generations.incrementAndGet();
		if (request.path("stream").asBoolean(false)) {
			return StandInReply.events(prompt.events(id, created, this.json));
		}
		return StandInReply.ok(prompt.answer(id, created));
	}

	private void requireManagementKey(String authorization) {
		String bearer = bearer(authorization);
		if (isManagementKey(bearer)) {
			return;
		}
		if (this.keys.findByKey(bearer).filter((key) -> key.isUsable(this.clock.instant())).isPresent()) {
			throw new StandInException(403, "Only management keys can perform this operation");
		}
		throw StandInException.unauthorized(USER_NOT_FOUND);
	}

	/** The usable runtime key, or a 401 like real OpenRouter's for unknown or expired keys. */
	private SimulatedKey runtimeKey(String bearer) {
		SimulatedKey key = this.keys.findByKey(bearer)
			.orElseThrow(() -> StandInException.unauthorized(USER_NOT_FOUND));
		if (!key.isUsable(this.clock.instant())) {
			throw rejected(key);
		}
		return key;
	}

	private static StandInException rejected(SimulatedKey key) {
		logger.info("OpenRouter stand-in rejected expired key {} (chat calls made: {})", key.masked(), key.calls());
		return StandInException.unauthorized(USER_NOT_FOUND);
	}

	private boolean isManagementKey(String bearer) {
		return MessageDigest.isEqual(this.managementKey, bearer.getBytes(StandardCharsets.UTF_8));
	}

	private static String bearer(String authorization) {
		if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
				|| authorization.substring(7).isBlank()) {
			throw StandInException.unauthorized("Missing Authentication header");
		}
		return authorization.substring(7).strip();
	}

	private JsonNode parse(byte[] body) {
		try {
			return this.json.readTree(body);
		}
		catch (JacksonException ex) {
			throw StandInException.badRequest("Request body is not valid JSON");
		}
	}

	private Map<String, Object> data(SimulatedKey key) {
		return key.toData(CREATOR_USER_ID, WORKSPACE_ID);
	}

}
