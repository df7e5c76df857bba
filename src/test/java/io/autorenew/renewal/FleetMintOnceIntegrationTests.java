package io.autorenew.renewal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.autorenew.support.Api.Response;
import io.autorenew.support.MongoWireServer;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.Replica;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A mint is sent once across the fleet: when one user calls two replicas at once and the key
 * API hangs, the replica that waited for the other's mint answers with its failure (503 with
 * Retry-After) instead of sending a second mint within the same outage.
 */
class FleetMintOnceIntegrationTests {

	@BeforeEach
	void reset() {
		MongoWireServer.reset();
		OpenRouterStub.reset();
	}

	@Test
	void aHungMintIsSentOnceWhenOneUserCallsBothReplicas() throws Exception {
		OpenRouterStub.mintTimesOut(Duration.ofSeconds(3));
		String[] settings = { "OPENROUTER_PROVISIONING_READ_TIMEOUT=1s" };
		try (Replica a = Replica.start("mint-once-a", settings); Replica b = Replica.start("mint-once-b", settings)) {
			ExecutorService pool = Executors.newFixedThreadPool(2);
			try {
				CountDownLatch start = new CountDownLatch(1);
				List<Future<Response>> calls = List.of(a, b)
					.stream()
					.map((replica) -> pool.submit(() -> {
						start.await(5, TimeUnit.SECONDS);
						return replica.api().analyse(Tokens.user("hung"), "{\"prompt\":\"hello\"}");
					}))
					.toList();
				start.countDown();
				for (Future<Response> call : calls) {
					Response answer = call.get(30, TimeUnit.SECONDS);
					assertThat(answer.status()).as(answer.body()).isEqualTo(503);
					assertThat(answer.code()).isEqualTo("provisioning_unavailable");
					assertThat(answer.retryAfter()).isNotNull();
				}
			}
			finally {
				pool.shutdownNow();
			}
			assertThat(OpenRouterStub.mintRequests()).as("mints sent for one user calling two replicas").hasSize(1);
		}
	}

}
