package io.autorenew.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.autorenew.support.Api.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The stateful OpenRouter in WireMock, over real HTTP, as the service sees it: what the ledger
 * adds to the stand-in it passes key management to (the raw keys it remembers, the bodies it
 * keeps, its clock, chat answered only for keys the stand-in accepts, stubs that still beat it,
 * and the spec check on the way). The stand-in's own behaviour is {@code OpenRouterStandInTests}'.
 */
class OpenRouterLedgerTests {

	private static final Instant NOW = Instant.parse("2026-11-29T10:30:00Z");

	private static final String KEYS = "/api/v1/keys";

	private static final String MANAGEMENT = OpenRouterStub.MANAGEMENT_KEY;

	private Api openRouter;

	@BeforeEach
	void resetLedger() {
		OpenRouterStub.reset();
		OpenRouterLedger.useClock(Clock.fixed(NOW, ZoneOffset.UTC));
		this.openRouter = new Api(OpenRouterStub.server().port());
	}

	@Test
	void mintRecordsALiveKeyAndEchoesTheRequest() {
		String body = "{\"name\":\"analysis-service:alice\",\"limit\":5,\"limit_reset\":\"monthly\","
				+ "\"expires_at\":\"2026-12-31T23:59:59Z\",\"include_byok_in_limit\":true}";
		Response response = mint(body);

		assertThat(response.status()).isEqualTo(201);
		JsonNode created = response.json();
		String key = created.path("key").asString();
		JsonNode data = created.path("data");
		assertThat(key).matches("sk-or-v1-[0-9a-f]{64}");
		assertThat(data.path("hash").asString()).matches("[0-9a-f]{64}");
		assertThat(data.path("name").asString()).isEqualTo("analysis-service:alice");
		assertThat(data.path("limit").asDouble()).isEqualTo(5.0);
		assertThat(data.path("limit_reset").asString()).isEqualTo("monthly");
		assertThat(data.path("expires_at").asString()).isEqualTo("2026-12-31T23:59:59Z");
		assertThat(data.path("created_at").asString()).isEqualTo(NOW.toString());
		assertThat(data.path("include_byok_in_limit").asBoolean()).isTrue();

		LedgerKey live = OpenRouterLedger.byKey(key).orElseThrow();
		assertThat(OpenRouterLedger.live()).containsExactly(live);
		assertThat(live.hash()).isEqualTo(data.path("hash").asString());
		assertThat(live.expiresAt()).isEqualTo(Instant.parse("2026-12-31T23:59:59Z"));
		assertThat(live.toString()).doesNotContain(key).contains("****" + key.substring(key.length() - 4));
		assertThat(OpenRouterLedger.createBodies()).extracting((node) -> node.path("name").asString())
			.containsExactly("analysis-service:alice");
		assertThat(OpenRouterStub.minted()).containsExactly(new OpenRouterStub.Minted(key, live.hash()));
	}

	@Test
	void mintRejectsBodiesOpenRouterRejects() {
		List<String> bodies = List.of("{}", "{\"name\":\"  \"}", "{\"name\":42}", "{\"name\":\"a\",\"limit\":\"lots\"}",
				"{\"name\":\"a\",\"limit_reset\":\"yearly\"}",
				"{\"name\":\"a\",\"expires_at\":\"2026-12-31T23:59:59+01:00\"}",
				"{\"name\":\"a\",\"expires_at\":\"tomorrow\"}", "not json");
		for (String body : bodies) {
			Response response = mint(body);
			assertThat(response.status()).as(body).isEqualTo(400);
			assertThat(response.json().at("/error/code").asInt()).isEqualTo(400);
		}
		assertThat(OpenRouterLedger.live()).isEmpty();
		assertThat(OpenRouterLedger.createBodies()).hasSize(bodies.size());
		assertThat(OpenRouterLedger.createBodies().get(bodies.size() - 1).asString()).isEqualTo("not json");
	}

	@Test
	void acceptsNullsForOptionalFields() {
		Response response = mint("{\"name\":\"a\",\"limit\":null,\"limit_reset\":null,\"expires_at\":null}");

		assertThat(response.status()).isEqualTo(201);
		assertThat(response.json().at("/data/limit").isNull()).isTrue();
		assertThat(response.json().at("/data/expires_at").isNull()).isTrue();
	}

	@Test
	void listShowsTheCreatedAtATestSets() {
		LedgerKey old = OpenRouterLedger.addForeign("analysis-service:bob");
		OpenRouterLedger.setCreatedAt(old.hash(), Instant.parse("2026-10-01T00:00:00Z"));

		assertThat(this.openRouter.get(KEYS, MANAGEMENT).json().at("/data/0/created_at").asString())
			.isEqualTo("2026-10-01T00:00:00Z");
		assertThat(OpenRouterLedger.live().get(0).createdAt()).isEqualTo(Instant.parse("2026-10-01T00:00:00Z"));
	}

	@Test
	void defaultChatAcceptsAnyBearer() {
		Response response = chat("sk-or-v1-never-minted");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json()).isEqualTo(json(OpenRouterStub.completion("The text is short and clear.")));
	}

	@Test
	void ledgerChatAcceptsOnlyLiveUnexpiredKeys() {
		OpenRouterStub.chatChecksLedger();
		String key = mint("{\"name\":\"a\"}").json().path("key").asString();
		LedgerKey deleted = OpenRouterLedger.addForeign("b");
		this.openRouter.delete(KEYS + "/" + deleted.hash(), MANAGEMENT);

		assertThat(chat(key).json()).isEqualTo(json(OpenRouterStub.completion("The text is short and clear.")));
		assertThat(chat(deleted.key()).json())
			.hasToString("{\"error\":{\"code\":401,\"message\":\"User not found.\"}}");
		assertThat(chat("sk-or-v1-never-minted").status()).isEqualTo(401);
		assertThat(chat(null).status()).isEqualTo(401);
	}

	@Test
	void anExpiredKeyIsRejectedButStaysListed() {
		OpenRouterStub.chatChecksLedger();
		String key = mint("{\"name\":\"a\"}").json().path("key").asString();

		OpenRouterLedger.expire(key);

		assertThat(chat(key).status()).isEqualTo(401);
		assertThat(this.openRouter.get("/api/v1/key", key).status()).isEqualTo(401);
		assertThat(this.openRouter.get(KEYS, MANAGEMENT).json().path("data")).hasSize(1);
		assertThat(OpenRouterLedger.live()).hasSize(1);
	}

	@Test
	void aKeyExpiresWhenTheLedgerClockPassesItsExpiresAt() {
		OpenRouterStub.chatChecksLedger();
		String key = mint("{\"name\":\"a\",\"expires_at\":\"2026-11-29T11:30:00Z\"}").json().path("key").asString();
		assertThat(chat(key).status()).isEqualTo(200);

		OpenRouterLedger.useClock(Clock.fixed(Instant.parse("2026-11-29T11:30:00Z"), ZoneOffset.UTC));

		assertThat(chat(key).status()).isEqualTo(401);
		assertThat(this.openRouter.get("/api/v1/key", key).status()).isEqualTo(401);
		assertThat(OpenRouterLedger.live()).hasSize(1);
	}

	@Test
	void testStubsAtHigherPriorityStillBeatTheLedgerChat() {
		OpenRouterStub.chatChecksLedger();
		String rejected = OpenRouterLedger.addForeign("a").key();
		OpenRouterStub.chatRejects(rejected, 402, "Insufficient credits");
		assertThat(chat(rejected).status()).isEqualTo(402);

		OpenRouterStub.chatFailsFor(503, "Service Unavailable");
		assertThat(chat(OpenRouterLedger.addForeign("b").key()).status()).isEqualTo(503);
	}

	@Test
	void mintFailsStillBeatsTheLedger() {
		OpenRouterStub.mintFails(500);

		assertThat(mint("{\"name\":\"a\"}").status()).isEqualTo(500);
		assertThat(OpenRouterLedger.live()).isEmpty();
		assertThat(OpenRouterStub.mintRequests()).hasSize(1);
		assertThat(OpenRouterStub.minted()).isEmpty();
	}

	@Test
	void aMintWhoseAnswerIsLostStillCreatesTheKey() throws Exception {
		OpenRouterStub.mintTimesOut(Duration.ofSeconds(3));
		HttpRequest request = HttpRequest.newBuilder(URI.create(OpenRouterStub.baseUrl() + "/keys"))
			.timeout(Duration.ofMillis(300))
			.header("Authorization", "Bearer " + MANAGEMENT)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"analysis-service:alice\"}"))
			.build();

		assertThatThrownBy(() -> HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()))
			.isInstanceOf(HttpTimeoutException.class);
		assertThat(OpenRouterLedger.live()).extracting(LedgerKey::name).containsExactly("analysis-service:alice");
	}

	@Test
	void concurrentMintsEachGetTheirOwnKey() throws Exception {
		int threads = 16;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<Response>> answers = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				String body = "{\"name\":\"user-" + i + "\"}";
				answers.add(pool.submit(() -> {
					start.await(5, TimeUnit.SECONDS);
					return mint(body);
				}));
			}
			start.countDown();
			for (Future<Response> answer : answers) {
				assertThat(answer.get(10, TimeUnit.SECONDS).status()).isEqualTo(201);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(OpenRouterLedger.live()).extracting(LedgerKey::key).doesNotHaveDuplicates().hasSize(threads);
		assertThat(OpenRouterLedger.createBodies()).hasSize(threads);
	}

	@Test
	void ledgerAnswersAndACorrectCreateBodyAgreeWithTheSpec() {
		requireSpec();
		String body = "{\"name\":\"a\",\"limit\":5,\"limit_reset\":\"weekly\",\"expires_at\":\"2026-12-31T23:59:59Z\"}";
		String key = mint(body).json().path("key").asString();
		OpenRouterLedger.addForeign("other-app:x");
		this.openRouter.get(KEYS + "?offset=0", MANAGEMENT);
		this.openRouter.get("/api/v1/key", key);
		String hash = hashOf(key);
		this.openRouter.delete(KEYS + "/" + hash, MANAGEMENT);
		this.openRouter.delete(KEYS + "/" + hash, MANAGEMENT);
		this.openRouter.post(KEYS, null, "application/json", "{\"name\":\"a\"}");

		assertThat(OpenRouterStub.specViolations()).containsExactly("service request POST /keys: "
				+ "validation.request.security.missing: no 'Authorization: Bearer' header (the spec's apiKey scheme)");
	}

	@Test
	void createBodiesTheSpecRejectsAreReportedAsServiceViolations() {
		requireSpec();
		mint("{\"limit\":5}");
		mint("{\"name\":\"a\",\"limit_reset\":\"yearly\"}");

		assertThat(OpenRouterStub.specViolations()).satisfiesExactly(
				(missingName) -> assertThat(missingName).startsWith("service request POST /keys: ")
					.contains("validation.request.body.schema.required")
					.contains("name"),
				(badReset) -> assertThat(badReset).startsWith("service request POST /keys: ")
					.contains("validation.request.body.schema.enum")
					.contains("yearly"));
	}

	@Test
	void stubAnswersTheSpecRejectsAreReportedWithoutWholeKeys() {
		requireSpec();
		String leaked = "sk-or-v1-" + "0123456789abcdef".repeat(4);
		OpenRouterStub.stub(post(urlPathEqualTo(KEYS)).atPriority(1)
			.willReturn(OpenRouterStub.json(201, "{\"data\":{\"hash\":\"h\"},\"limit_reset\":\"x\"}")));
		mint("{\"name\":\"a\"}");
		mint("{\"name\":\"a\",\"limit_reset\":\"" + leaked + "\"}");

		List<String> violations = OpenRouterStub.specViolations();

		assertThat(violations).anySatisfy((violation) -> assertThat(violation)
			.startsWith("stub answer 201 to POST /keys: validation.response.body.schema.required"));
		assertThat(violations).anySatisfy((violation) -> assertThat(violation).contains("****cdef"));
		assertThat(violations).noneSatisfy((violation) -> assertThat(violation).contains(leaked.substring(9)));
	}

	private Response mint(String body) {
		return this.openRouter.post(KEYS, MANAGEMENT, "application/json", body);
	}

	private Response chat(String bearer) {
		return this.openRouter.post("/api/v1/chat/completions", bearer, "application/json",
				"{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
	}

	private static String hashOf(String key) {
		return OpenRouterLedger.byKey(key).orElseThrow().hash();
	}

	private static JsonNode json(String text) {
		return new Response(200, "application/json", null, text).json();
	}

	/** The spec must be there: these checks fail, never skip, without it. */
	private static void requireSpec() {
		assertThat(OpenApiValidation.unavailable()).as("OpenRouter's OpenAPI spec").isEmpty();
	}

}
