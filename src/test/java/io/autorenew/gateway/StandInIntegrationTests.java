package io.autorenew.gateway;

import java.time.Clock;
import java.time.Duration;

import io.autorenew.standin.Fault;
import io.autorenew.standin.OpenRouterStandIn;
import io.autorenew.standin.Recorded;
import io.autorenew.support.Api.Response;
import io.autorenew.support.MongoWireServer;
import io.autorenew.support.Replica;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service against the OpenRouter stand-in the demo runs, with the stand-in's controls:
 * every request recorded, faults met in order. The first call mints through the key API,
 * a 503 is retried and answered, a dropped connection too, and three 503s in a row are one
 * 502 {@code upstream_error}; the key's cost shows at OpenRouter's key API.
 */
class StandInIntegrationTests {

	private static final String MANAGEMENT_KEY = "sk-or-v1-stand-in-management-key-0123456789abcdef";

	private static final String PROMPT = "{\"prompt\":\"Summarise: the stand-in plays OpenRouter.\"}";

	private static OpenRouterStandIn standIn;

	private static Replica service;

	@BeforeAll
	static void start() {
		MongoWireServer.reset();
		standIn = OpenRouterStandIn.start(MANAGEMENT_KEY, 0, Duration.ZERO, Clock.systemUTC());
		service = Replica.start("stand-in", "OPENROUTER_BASE_URL=" + standIn.baseUrl(),
				"OPENROUTER_PROVISIONING_KEY=" + MANAGEMENT_KEY);
	}

	@BeforeEach
	void forgetTheLastTest() {
		standIn.reset();
	}

	@AfterAll
	static void stop() {
		service.close();
		standIn.close();
	}

	@Test
	void aFirstCallMintsAndIsAnsweredWithTheStandInsAnalysis() {
		Response first = service.api().analyse(Tokens.user("stand-in-alice"), PROMPT);

		assertThat(first.status()).as(first.body()).isEqualTo(200);
		assertThat(first.json().path("keyProvisioned").asBoolean()).isTrue();
		assertThat(standIn.recorded()).extracting(Recorded::route).containsSubsequence("/keys",
				"/chat/completions");
		Recorded mint = standIn.recorded().stream().filter((r) -> r.route().equals("/keys")).findFirst().orElseThrow();
		assertThat(mint.body()).contains("\"name\"", "\"limit\"");
	}

	@Test
	void aFailedAttemptIsRetriedAndThreeInARowAreOneUpstreamError() {
		assertThat(service.api().analyse(Tokens.user("stand-in-bob"), PROMPT).status()).isEqualTo(200);
		standIn.reset();
		standIn.fault(Fault.status(503, "Service Unavailable"), Fault.drop());

		Response retried = service.api().analyse(Tokens.user("stand-in-bob"), PROMPT);

		assertThat(retried.status()).as(retried.body()).isEqualTo(200);
		assertThat(standIn.recorded()).extracting(Recorded::route)
			.containsExactly("/chat/completions", "/chat/completions", "/chat/completions");

		standIn.reset();
		standIn.fault(Fault.status(503, "Service Unavailable"), Fault.status(503, "Service Unavailable"),
				Fault.status(503, "Service Unavailable"));
		Response failed = service.api().analyse(Tokens.user("stand-in-bob"), PROMPT);

		assertThat(failed.status()).as(failed.body()).isEqualTo(502);
		assertThat(failed.code()).isEqualTo("upstream_error");
		assertThat(standIn.recorded()).hasSize(3);
	}

}
