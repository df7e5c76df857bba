package io.autorenew.renewal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.autorenew.support.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded store's claims, held in memory: exclusive, released by their holder, failures told on. */
class ProcessKeyClaimsTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));

	private final ProcessKeyClaims claims = new ProcessKeyClaims(this.clock);

	@Test
	void aHeldClaimIsRefusedUntilItsHolderClosesIt() {
		Optional<KeyClaims.Claim> first = this.claims.tryTake("alice");
		assertThat(first).isPresent();
		assertThat(this.claims.tryTake("alice")).isEmpty();
		assertThat(this.claims.tryTake("bob")).as("another user's claim is free").isPresent();

		first.get().close();

		assertThat(this.claims.tryTake("alice")).isPresent();
	}

	@Test
	void closingAClaimTwiceDoesNotReleaseTheNextHolders() {
		KeyClaims.Claim first = this.claims.tryTake("alice").orElseThrow();
		first.close();
		KeyClaims.Claim second = this.claims.tryTake("alice").orElseThrow();

		first.close();

		assertThat(this.claims.tryTake("alice")).as("still held by the second holder").isEmpty();
		second.close();
	}

	@Test
	void aFailedMintIsToldUntilTheClaimIsTakenAgain() {
		KeyClaims.Claim claim = this.claims.tryTake("alice").orElseThrow();

		claim.failed(Duration.ofSeconds(30));
		claim.close();

		assertThat(this.claims.lastFailure("alice"))
			.contains(new KeyClaims.Failure(Instant.parse("2026-12-07T10:00:00Z"), Duration.ofSeconds(30)));
		assertThat(this.claims.tryTake("alice")).as("released by the failure").isPresent();
		assertThat(this.claims.lastFailure("alice")).as("cleared by the next holder").isEmpty();
	}

	@Test
	void aClaimHeldInThisProcessHasNoLeaseToTell() {
		this.claims.tryTake("alice").orElseThrow();

		assertThat(this.claims.heldUntil("alice")).isEmpty();
	}

	@Test
	void ofManyCallersReleasedTogetherExactlyOneTakesTheClaim() throws Exception {
		int callers = 16;
		CountDownLatch ready = new CountDownLatch(callers);
		CountDownLatch go = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(callers);
		try {
			List<Future<Boolean>> taken = new ArrayList<>();
			for (int i = 0; i < callers; i++) {
				taken.add(threads.submit(() -> {
					ready.countDown();
					go.await();
					return this.claims.tryTake("alice").isPresent();
				}));
			}
			assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
			go.countDown();
			int winners = 0;
			for (Future<Boolean> each : taken) {
				winners += each.get(10, TimeUnit.SECONDS) ? 1 : 0;
			}
			assertThat(winners).isEqualTo(1);
		}
		finally {
			threads.shutdownNow();
		}
	}

}
