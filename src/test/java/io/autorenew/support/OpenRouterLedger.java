package io.autorenew.support;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenRouter's key state inside WireMock: stubs answered {@code withTransformers(NAME)} mint,
 * list, delete and describe keys, and accept chat calls only from live, unexpired keys, as
 * the real API does. The state is per JVM, like the shared WireMock server; tests read and
 * steer it through the static methods. Status and body come from here; anything else the
 * stub set (such as a fixed delay) is kept.
 */
public final class OpenRouterLedger implements ResponseDefinitionTransformerV2 {

	public static final String NAME = "openrouter-ledger";

	/** What chat answers a live key: the same as the stub's default chat answer. */
	static final String COMPLETION = "The text is short and clear.";

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final Map<String, LedgerEntry> entries = new LinkedHashMap<>();

	private static final List<JsonNode> createBodies = new ArrayList<>();

	private static final List<JsonNode> patchBodies = new ArrayList<>();

	private static Clock clock = Clock.systemUTC();

	private static volatile ChatGate chatGate;

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public boolean applyGlobally() {
		return false;
	}

	@Override
	public ResponseDefinition transform(ServeEvent event) {
		SecretRegistry.openRouterAt(java.net.URI.create(event.getRequest().getAbsoluteUrl()).getPort());
		ChatGate gate = chatGate;
		if (gate != null && event.getRequest().getUrl().startsWith(OpenRouterStub.CHAT)) {
			gate.pass();
		}
		LedgerAnswer answer = answer(event.getRequest());
		return ResponseDefinitionBuilder.like(event.getResponseDefinition())
			.but()
			.withStatus(answer.status())
			.withHeaders(new HttpHeaders(new HttpHeader("Content-Type", "application/json")))
			.withBody(answer.body())
			.build();
	}

	private static synchronized LedgerAnswer answer(Request request) {
		String path = request.getUrl().replaceFirst("\\?.*", "");
		String route = path.startsWith(OpenRouterStub.BASE_PATH) ? path.substring(OpenRouterStub.BASE_PATH.length())
				: path;
		String bearer = bearer(request);
		String method = request.getMethod().getName();
		if ("POST".equals(method) && "/keys".equals(route)) {
			return create(bearer, request.getBodyAsString());
		}
		if ("GET".equals(method) && "/keys".equals(route)) {
			return managed(bearer, () -> list(request.queryParameter("offset"), request.queryParameter("include_disabled")));
		}
		if ("DELETE".equals(method) && route.startsWith("/keys/")) {
			return managed(bearer, () -> delete(route.substring("/keys/".length())));
		}
		if ("PATCH".equals(method) && route.startsWith("/keys/")) {
			return managed(bearer, () -> patch(route.substring("/keys/".length()), request.getBodyAsString()));
		}
		if ("GET".equals(method) && route.startsWith("/keys/")) {
			return managed(bearer, () -> describe(route.substring("/keys/".length())));
		}
		if ("GET".equals(method) && "/key".equals(route)) {
			return usable(bearer).map((entry) -> LedgerAnswer.of(200, data(entry.current())))
				.orElseGet(LedgerAnswer::userNotFound);
		}
		if ("POST".equals(method) && "/messages".equals(route)) {
			return usable(bearer).map((entry) -> new LedgerAnswer(200, OpenRouterStub.MESSAGE))
				.orElseGet(LedgerAnswer::userNotFound);
		}
		if ("POST".equals(method) && "/responses".equals(route)) {
			return usable(bearer).map((entry) -> new LedgerAnswer(200, OpenRouterStub.RESPONSE))
				.orElseGet(LedgerAnswer::userNotFound);
		}
		if ("POST".equals(method) && "/chat/completions".equals(route)) {
			if (entries.values().stream().anyMatch((entry) -> entry.key().key().equals(bearer) && entry.disabled())) {
				return LedgerAnswer.error(403, "Key is disabled");
			}
			return usable(bearer).map((entry) -> new LedgerAnswer(200, OpenRouterStub.completion(COMPLETION)))
				.orElseGet(LedgerAnswer::userNotFound);
		}
		return LedgerAnswer.error(404, "Not Found");
	}

	private static LedgerAnswer create(String bearer, String body) {
		JsonNode json = CreateKeyBody.read(body);
		createBodies.add(json);
		return managed(bearer, () -> {
			CreateKeyBody create;
			try {
				create = CreateKeyBody.parse(json);
			}
			catch (IllegalArgumentException ex) {
				return LedgerAnswer.error(400, ex.getMessage());
			}
			LedgerEntry entry = mint(create);
			ObjectNode created = data(entry.data());
			created.put("key", entry.key().key());
			return LedgerAnswer.of(201, created);
		});
	}

	/** {@code GET /keys}: pages of 100 from {@code offset}; disabled keys only with {@code include_disabled=true}. */
	private static LedgerAnswer list(QueryParameter offsetParameter, QueryParameter includeDisabled) {
		boolean disabledToo = includeDisabled.isPresent() && "true".equals(includeDisabled.firstValue());
		int offset;
		try {
			offset = offsetParameter.isPresent() ? Integer.parseInt(offsetParameter.firstValue()) : 0;
		}
		catch (NumberFormatException ex) {
			offset = -1;
		}
		if (offset < 0) {
			return LedgerAnswer.error(400, "offset: Expected a non-negative integer");
		}
		ObjectNode page = JSON.createObjectNode();
		ArrayNode data = page.putArray("data");
		entries.values()
			.stream()
			.filter((entry) -> disabledToo || !entry.disabled())
			.skip(offset)
			.limit(100)
			.forEach((entry) -> data.add(entry.data()));
		return LedgerAnswer.of(200, page);
	}

	/** {@code PATCH /keys/{hash}}: {@code disabled} and {@code limit} are kept; the key is answered. */
	private static LedgerAnswer patch(String hash, String body) {
		LedgerEntry entry = entries.get(hash);
		if (entry == null) {
			return LedgerAnswer.error(404, "Not Found");
		}
		JsonNode changes = JSON.readTree(body);
		if (changes.has("disabled")) {
			entry = entry.withDisabled(changes.get("disabled").asBoolean());
		}
		if (changes.has("limit")) {
			entry = entry.withKey(entry.key().withLimit(changes.get("limit").isNull() ? null : changes.get("limit").asDouble()));
		}
		entries.put(hash, entry);
		patchBodies.add(changes);
		return LedgerAnswer.of(200, data(entry.data()));
	}

	/** {@code GET /keys/{hash}}. */
	private static LedgerAnswer describe(String hash) {
		LedgerEntry entry = entries.get(hash);
		return (entry != null) ? LedgerAnswer.of(200, data(entry.data())) : LedgerAnswer.error(404, "Not Found");
	}

	private static LedgerAnswer delete(String hash) {
		if (entries.remove(hash) == null) {
			return LedgerAnswer.error(404, "Not Found");
		}
		return LedgerAnswer.of(200, JSON.createObjectNode().put("deleted", true));
	}

	private static LedgerAnswer managed(String bearer, Supplier<LedgerAnswer> operation) {
		if (!OpenRouterStub.MANAGEMENT_KEY.equals(bearer)) {
			return LedgerAnswer.error(401, "Missing Authentication header");
		}
		return operation.get();
	}

	private static Optional<LedgerEntry> usable(String bearer) {
		Instant now = clock.instant();
		return entries.values()
			.stream()
			.filter((entry) -> entry.key().key().equals(bearer) && entry.acceptsAt(now))
			.findFirst();
	}

	private static LedgerEntry mint(CreateKeyBody create) {
		Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
		LedgerKey minted = LedgerKey.mint(create.name(), now, create.expiresAt(), create.limit(), create.limitReset());
		SecretRegistry.register("key minted by the OpenRouter stub", minted.key());
		LedgerEntry entry = new LedgerEntry(minted, create.includeByokInLimit(), 0.0, false, false);
		entries.put(minted.hash(), entry);
		return entry;
	}

	// Tests' view of the ledger

	/**
	 * Holds every chat call at the door until the returned gate opens, and only then checks its
	 * key: a call that is in flight while the test changes keys.
	 */
	public static ChatGate holdChats() {
		ChatGate gate = new ChatGate();
		chatGate = gate;
		return gate;
	}

	/** Forgets every key and body, and goes back to the system clock. */
	public static synchronized void reset() {
		chatGate = null;
		entries.clear();
		createBodies.clear();
		patchBodies.clear();
		clock = Clock.systemUTC();
	}

	/** Keys OpenRouter still lists (expired ones included), oldest first. */
	public static synchronized List<LedgerKey> live() {
		return entries.values().stream().map(LedgerEntry::key).toList();
	}

	public static synchronized Optional<LedgerKey> byKey(String key) {
		return entries.values().stream().map(LedgerEntry::key).filter((entry) -> entry.key().equals(key)).findFirst();
	}

	/** Bodies of {@code PATCH /keys/{hash}} calls, in order. */
	public static synchronized List<JsonNode> patchBodies() {
		return List.copyOf(patchBodies);
	}

	/** Whether the key is disabled at OpenRouter (chat answers 403 "Key is disabled"). */
	public static synchronized boolean isDisabled(String hash) {
		LedgerEntry entry = entries.get(hash);
		return entry != null && entry.disabled();
	}

	/** Disables a key as someone else would, at OpenRouter's dashboard. */
	public static synchronized void disable(String hash) {
		update(hash, (entry) -> entry.withDisabled(true));
	}

	/** The key stays listed, but chat and {@code GET /key} now answer 401 for it. */
	public static synchronized void expire(String key) {
		LedgerKey found = byKey(key).orElseThrow(() -> new IllegalArgumentException("No such key in the ledger"));
		update(found.hash(), LedgerEntry::expire);
	}

	public static synchronized void setCreatedAt(String hash, Instant at) {
		update(hash, (entry) -> entry.withKey(entry.key().withCreatedAt(at)));
	}

	/** The USD usage {@code GET /key} reports for the key (and its {@code limit_remaining}). */
	public static synchronized void setUsage(String hash, double usage) {
		update(hash, (entry) -> entry.withUsage(usage));
	}

	/** A live key someone else minted with the same management key, e.g. {@code other-app:x}. */
	public static synchronized LedgerKey addForeign(String name) {
		return mint(new CreateKeyBody(name, null, null, null, false)).key();
	}

	/** Every {@code POST /keys} body the ledger received, in order (a non-JSON one as text). */
	public static synchronized List<JsonNode> createBodies() {
		return createBodies.stream().<JsonNode>map(JsonNode::deepCopy).toList();
	}

	/** The clock for {@code created_at} and expiry; {@link #reset()} restores the system clock. */
	public static synchronized void useClock(Clock changed) {
		clock = changed;
	}

	private static void update(String hash, UnaryOperator<LedgerEntry> change) {
		if (entries.computeIfPresent(hash, (id, entry) -> change.apply(entry)) == null) {
			throw new IllegalArgumentException("No key with hash " + hash + " in the ledger");
		}
	}

	private static ObjectNode data(ObjectNode data) {
		ObjectNode body = JSON.createObjectNode();
		body.set("data", data);
		return body;
	}

	private static String bearer(Request request) {
		String authorization = request.getHeader("Authorization");
		return (authorization != null && authorization.startsWith("Bearer "))
				? authorization.substring("Bearer ".length()) : null;
	}

	/** Chat calls wait here until {@link #open()}; {@link #awaitArrival()} sees the first come. */
	public static final class ChatGate {

		private final java.util.concurrent.CountDownLatch arrived = new java.util.concurrent.CountDownLatch(1);

		private final java.util.concurrent.CountDownLatch open = new java.util.concurrent.CountDownLatch(1);

		void pass() {
			this.arrived.countDown();
			try {
				this.open.await(30, java.util.concurrent.TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		/** Waits (boundedly) until a chat call is held at the gate. */
		public void awaitArrival() throws InterruptedException {
			if (!this.arrived.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
				throw new AssertionError("No chat call reached OpenRouter within 10 s");
			}
		}

		public void open() {
			this.open.countDown();
			chatGate = null;
		}

	}

}
