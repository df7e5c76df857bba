package io.autorenew.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.autorenew.standin.OpenRouterStandIn;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * OpenRouter's key state behind WireMock, kept by the {@link OpenRouterStandIn}: stubs
 * answered {@code withTransformers(NAME)} pass key management ({@code /keys},
 * {@code /keys/{hash}}, {@code /key}) to the stand-in and answer with what it answers, and
 * answer chat, Responses and Messages calls with WireMock's own canned answers only for keys
 * the stand-in still accepts (401 {@code User not found.} otherwise, 403 for a disabled key),
 * as the real API does. So the tests and the demo share one model of OpenRouter's keys. The
 * state is per JVM, like the shared WireMock server; tests read and steer it through the static
 * methods. Status and body come from here; anything else the stub set (such as a fixed delay)
 * is kept.
 */
public final class OpenRouterLedger implements ResponseDefinitionTransformerV2 {

	public static final String NAME = "openrouter-ledger";

	/** What chat answers a live key: the same as the stub's default chat answer. */
	static final String COMPLETION = "The text is short and clear.";

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final MovableClock clock = new MovableClock();

	/** The raw keys of the keys minted since the last reset: the stand-in keeps none. */
	private static final Map<String, String> rawKeys = new ConcurrentHashMap<>();

	private static final List<JsonNode> createBodies = new ArrayList<>();

	private static final List<JsonNode> patchBodies = new ArrayList<>();

	private static volatile OpenRouterStandIn standIn = newStandIn();

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
		SecretRegistry.openRouterAt(URI.create(event.getRequest().getAbsoluteUrl()).getPort());
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

	private static LedgerAnswer answer(Request request) {
		String url = request.getUrl();
		String path = url.replaceFirst("\\?.*", "");
		String route = path.startsWith(OpenRouterStub.BASE_PATH) ? path.substring(OpenRouterStub.BASE_PATH.length())
				: path;
		String method = request.getMethod().getName();
		String authorization = request.getHeader("Authorization");
		return switch (route) {
			case "/messages" -> accepted(authorization, OpenRouterStub.MESSAGE);
			case "/responses" -> accepted(authorization, OpenRouterStub.RESPONSE);
			case "/chat/completions" -> accepted(authorization, OpenRouterStub.completion(COMPLETION));
			default -> keyManagement(method, route, url.substring(path.length()), authorization,
					request.getBodyAsString());
		};
	}

	/** Key management, answered by the stand-in; the bodies the tests read are kept on the way. */
	private static LedgerAnswer keyManagement(String method, String route, String query, String authorization,
			String body) {
		boolean mint = "POST".equals(method) && "/keys".equals(route);
		if (mint) {
			synchronized (OpenRouterLedger.class) {
				createBodies.add(read(body));
			}
		}
		LedgerAnswer answer = send(method, route + query, authorization, body);
		if (mint && answer.status() == 201) {
			JsonNode created = JSON.readTree(answer.body());
			String key = created.path("key").asString();
			SecretRegistry.register("key minted by the OpenRouter stand-in", key);
			rawKeys.put(created.at("/data/hash").asString(), key);
		}
		if ("PATCH".equals(method) && answer.status() == 200) {
			synchronized (OpenRouterLedger.class) {
				patchBodies.add(read(body));
			}
		}
		return answer;
	}

	/**
	 * The canned answer if the stand-in still accepts the bearer; its limit is the test's
	 * business (a stub of its own answers 402), so a key past it is accepted here.
	 */
	private static LedgerAnswer accepted(String authorization, String answer) {
		int status = send("GET", "/key", authorization, null).status();
		if (status != 200 && status != 402 && status != 403) {
			return LedgerAnswer.userNotFound();
		}
		String bearer = authorization.substring("Bearer ".length());
		return (status == 403 || isDisabled(hash(bearer))) ? LedgerAnswer.error(403, "Key is disabled")
				: new LedgerAnswer(200, answer);
	}

	private static LedgerAnswer send(String method, String pathAndQuery, String authorization, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(standIn.baseUrl() + pathAndQuery))
			.timeout(Duration.ofSeconds(10))
			.method(method, (body == null || body.isEmpty()) ? BodyPublishers.noBody()
					: BodyPublishers.ofString(body, StandardCharsets.UTF_8));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		if (body != null && !body.isEmpty()) {
			request.header("Content-Type", "application/json");
		}
		try {
			HttpResponse<String> answer = HTTP.send(request.build(), BodyHandlers.ofString());
			return new LedgerAnswer(answer.statusCode(), answer.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static OpenRouterStandIn newStandIn() {
		return OpenRouterStandIn.start(OpenRouterStub.MANAGEMENT_KEY, 0, Duration.ZERO, clock);
	}

	private static JsonNode read(String body) {
		try {
			return JSON.readTree(body);
		}
		catch (RuntimeException notJson) {
			return JsonNodeFactory.instance.stringNode(body);
		}
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

	/** Forgets every key and body (a new stand-in), and goes back to the system clock. */
	public static synchronized void reset() {
		chatGate = null;
		OpenRouterStandIn old = standIn;
		standIn = newStandIn();
		old.close();
		rawKeys.clear();
		createBodies.clear();
		patchBodies.clear();
		clock.use(Clock.systemUTC());
	}

	/** Keys OpenRouter still lists (expired and disabled ones included), oldest first. */
	public static List<LedgerKey> live() {
		List<LedgerKey> keys = new ArrayList<>();
		JsonNode listed;
		do {
			listed = JSON.readTree(send("GET", "/keys?include_disabled=true&offset=" + keys.size(),
					"Bearer " + OpenRouterStub.MANAGEMENT_KEY, null).body()).path("data");
			for (JsonNode key : listed) {
				String hash = key.path("hash").asString();
				keys.add(new LedgerKey(hash, key.path("name").asString(), rawKeys.get(hash),
						Instant.parse(key.path("created_at").asString()), instant(key.path("expires_at")),
						key.path("limit").isNull() ? null : key.path("limit").asDouble(),
						key.path("limit_reset").isNull() ? null : key.path("limit_reset").asString()));
			}
		}
		while (!listed.isEmpty());
		return keys;
	}

	public static Optional<LedgerKey> byKey(String key) {
		return live().stream().filter((entry) -> key.equals(entry.key())).findFirst();
	}

	/** Bodies of {@code PATCH /keys/{hash}} calls, in order. */
	public static synchronized List<JsonNode> patchBodies() {
		return List.copyOf(patchBodies);
	}

	/** Whether the key is disabled at OpenRouter (chat answers 403 "Key is disabled"). */
	public static boolean isDisabled(String hash) {
		LedgerAnswer described = send("GET", "/keys/" + hash, "Bearer " + OpenRouterStub.MANAGEMENT_KEY, null);
		return described.status() == 200 && JSON.readTree(described.body()).at("/data/disabled").asBoolean();
	}

	/** Disables a key as someone else would, at OpenRouter's dashboard. */
	public static void disable(String hash) {
		LedgerAnswer answer = send("PATCH", "/keys/" + hash, "Bearer " + OpenRouterStub.MANAGEMENT_KEY,
				"{\"disabled\":true}");
		if (answer.status() != 200) {
			throw new IllegalArgumentException("No key with hash " + hash + " in the ledger");
		}
	}

	/** The key stays listed, but chat and {@code GET /key} now answer 401 for it. */
	public static void expire(String key) {
		standIn.expire(hash(key));
	}

	public static void setCreatedAt(String hash, Instant at) {
		standIn.setCreatedAt(hash, at);
	}

	/** The USD usage {@code GET /key} reports for the key (and its {@code limit_remaining}). */
	public static void setUsage(String hash, double usage) {
		standIn.setUsage(hash, usage);
	}

	/** A live key someone else minted with the same management key, e.g. {@code other-app:x}. */
	public static LedgerKey addForeign(String name) {
		LedgerAnswer minted = send("POST", "/keys", "Bearer " + OpenRouterStub.MANAGEMENT_KEY,
				JSON.createObjectNode().put("name", name).toString());
		JsonNode created = JSON.readTree(minted.body());
		String key = created.path("key").asString();
		String hash = created.at("/data/hash").asString();
		SecretRegistry.register("key minted by the OpenRouter stand-in", key);
		rawKeys.put(hash, key);
		return live().stream().filter((entry) -> entry.hash().equals(hash)).findFirst().orElseThrow();
	}

	/** Every {@code POST /keys} body the ledger received, in order (a non-JSON one as text). */
	public static synchronized List<JsonNode> createBodies() {
		return createBodies.stream().<JsonNode>map(JsonNode::deepCopy).toList();
	}

	/** The clock for {@code created_at} and expiry; {@link #reset()} restores the system clock. */
	public static void useClock(Clock changed) {
		clock.use(changed);
	}

	private static String hash(String key) {
		try {
			return HexFormat.of()
				.formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Instant instant(JsonNode timestamp) {
		return (timestamp == null || timestamp.isNull() || timestamp.isMissingNode()) ? null
				: Instant.parse(timestamp.asString());
	}

	/** The stand-in's clock: the system's, or one a test moves. */
	private static final class MovableClock extends Clock {

		private volatile Clock current = Clock.systemUTC();

		void use(Clock clock) {
			this.current = clock;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this.current.withZone(zone);
		}

		@Override
		public Instant instant() {
			return this.current.instant();
		}

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
