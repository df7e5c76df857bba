package io.autorenew.standin;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The stand-in's endpoints, shaped as OpenRouter's OpenAPI description has them: key
 * management ({@code /keys}, management key only) and {@code GET /key} here, the calls with a
 * runtime key in {@link StandInCalls}, who calls in {@link StandInAuth}.
 */
final class StandInEndpoints {

	private static final Logger logger = LoggerFactory.getLogger(StandInEndpoints.class);

	/** Keys in one page of {@code GET /keys}. */
	static final int PAGE = 100;

	private static final String CREATOR_USER_ID = "user_demo";

	private static final String WORKSPACE_ID = UUID.nameUUIDFromBytes(
			"openrouter-simulator".getBytes(StandardCharsets.UTF_8)).toString();

	private final StandInAuth auth;

	private final StandInCalls calls;

	private final SimulatedKeys keys;

	private final Clock clock;

	private final ObjectMapper json = new ObjectMapper();

	StandInEndpoints(String managementKey, SimulatedKeys keys, Clock clock) {
		this.auth = new StandInAuth(managementKey, keys, clock);
		this.calls = new StandInCalls(this.auth, clock);
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
			case "POST /chat/completions" -> this.calls.chat(authorization, body);
			case "POST /responses" -> this.calls.responses(authorization, body);
			case "POST /messages" -> this.calls.messages(authorization, body);
			default -> keyByHash(method, route, authorization, body);
		};
	}

	/**
	 * {@code GET /keys}: as OpenRouter, disabled keys only with {@code include_disabled=true}, a
	 * page from {@code offset} (a non-negative integer, as the spec says). OpenRouter does not
	 * document its page size; pages here hold {@value #PAGE} keys.
	 */
	private StandInReply list(String authorization, String query) {
		this.auth.requireManagementKey(authorization);
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
		this.auth.requireManagementKey(authorization);
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
		this.auth.requireManagementKey(authorization);
		SimulatedMint minted = this.keys.mint(KeyRequest.from(parse(body), this.clock.instant()));
		logger.info("OpenRouter stand-in minted key {} for \"{}\"", minted.state().masked(), minted.state().name());
		Map<String, Object> created = new LinkedHashMap<>();
		created.put("data", data(minted.state()));
		created.put("key", minted.key());
		return new StandInReply(201, created);
	}

	private StandInReply currentKey(String authorization) {
		String bearer = StandInAuth.bearer(authorization);
		if (this.auth.isManagementKey(bearer)) {
			Map<String, Object> data = this.auth.managementKeyInfo().toCurrentKeyData(CREATOR_USER_ID);
			data.put("is_management_key", true);
			data.put("is_provisioning_key", true);
			return StandInReply.ok(Map.of("data", data));
		}
		return StandInReply.ok(Map.of("data", this.auth.runtimeKey(bearer).toCurrentKeyData(CREATOR_USER_ID)));
	}

	private JsonNode parse(byte[] body) {
		return StandInCalls.parse(this.json, body);
	}

	private Map<String, Object> data(SimulatedKey key) {
		return key.toData(CREATOR_USER_ID, WORKSPACE_ID);
	}

}
