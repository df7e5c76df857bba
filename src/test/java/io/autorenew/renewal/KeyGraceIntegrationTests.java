package io.autorenew.renewal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.autorenew.hygiene.KeyRetirer;
import io.autorenew.support.Api.Response;
import io.autorenew.support.MongoWireServer;
import io.autorenew.support.MutableClock;
import io.autorenew.support.OpenRouterLedger;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.Replica;
import io.autorenew.support.StoredKeys;
import io.autorenew.support.Tokens;
import io.autorenew.support.VirtualTimeIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A key replaced while it still works stays valid for {@code OPENROUTER_KEY_GRACE} (2 minutes
 * by default), so calls already using it finish, and is deleted after; the pending deletion is
 * stored, so a restart does not lose it. A key an operator rotates dies at once. The
 * service's clock is moved by hand: keys come into their renew-before window without waiting.
 */
class KeyGraceIntegrationTests extends VirtualTimeIntegrationTest {

	private static final String PROMPT = "{\"prompt\":\"Summarise the quarterly report.\"}";

	private static final Duration INTO_THE_WINDOW = Duration.ofDays(27);

	private static final Duration GRACE = Duration.ofMinutes(2);

	@Autowired
	private MutableClock clock;

	@Autowired
	private KeyRetirer retirer;

	@Autowired
	private MeterRegistry meters;

	@BeforeEach
	void chatChecksKeys() {
		this.clock.setInstant(Instant.now());
		OpenRouterStub.chatChecksLedger();
	}

	@Test
	void aCallInFlightOnTheOldKeyDuringAProactiveRenewalFinishesWithoutA401() throws Exception {
		String old = firstKey("alice");
		double authFailuresBefore = authFailures();
		this.clock.advance(INTO_THE_WINDOW);
		OpenRouterLedger.ChatGate gate = OpenRouterLedger.holdChats();

		CompletableFuture<Response> inFlight = CompletableFuture
			.supplyAsync(() -> this.api.analyse(Tokens.user("alice", this.clock), PROMPT));
		gate.awaitArrival();
		awaitStoredKeyIsNot("alice", old);
		gate.open();

		Response answered = inFlight.get(10, TimeUnit.SECONDS);
		assertThat(answered.status()).isEqualTo(200);
		assertThat(OpenRouterStub.chatBearers()).containsExactly(old, old);
		assertThat(authFailures()).isEqualTo(authFailuresBefore);
		assertThat(OpenRouterLedger.byKey(old)).as("the old key is live during its grace").isPresent();
		assertThat(OpenRouterStub.deletedHashes()).isEmpty();
		Document pending = pendingDelete(OpenRouterLedger.byKey(old).orElseThrow().hash());
		assertThat(pending.getDate("delete_after").toInstant()).isEqualTo(renewedAt("alice").plus(GRACE));
	}

	@Test
	void theOldKeyIsDeletedWhenItsGraceEndsAndNotAMillisecondBefore() {
		String old = firstKey("alice");
		String oldHash = OpenRouterLedger.byKey(old).orElseThrow().hash();
		this.clock.advance(INTO_THE_WINDOW);
		this.api.analyse(Tokens.user("alice", this.clock), PROMPT);
		awaitStoredKeyIsNot("alice", old);
		Instant renewedAt = renewedAt("alice");

		this.clock.setInstant(renewedAt.plus(GRACE).minusMillis(1));
		this.retirer.retireDue();
		assertThat(OpenRouterStub.deletedHashes()).isEmpty();

		this.clock.setInstant(renewedAt.plus(GRACE));
		this.retirer.retireDue();
		assertThat(OpenRouterStub.deletedHashes()).containsExactly(oldHash);
		assertThat(OpenRouterLedger.byKey(old)).isEmpty();
		assertThat(MongoWireServer.database().getCollection("key_pending_deletes").countDocuments())
			.isZero();
	}

	@Test
	void anOperatorsRotationKillsTheOldKeyAtOnceSoACallInFlightIsRenewedAfterA401() throws Exception {
		String old = firstKey("alice");
		double authFailuresBefore = authFailures();
		OpenRouterLedger.ChatGate gate = OpenRouterLedger.holdChats();

		CompletableFuture<Response> inFlight = CompletableFuture
			.supplyAsync(() -> this.api.analyse(Tokens.user("alice", this.clock), PROMPT));
		gate.awaitArrival();
		Response rotated = this.api.postEmpty("/admin/users/alice/openrouter-key", Tokens.admin(this.clock));
		assertThat(rotated.status()).isEqualTo(201);
		assertThat(OpenRouterStub.deletedHashes()).hasSize(1);
		gate.open();

		assertThat(inFlight.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
		assertThat(authFailures()).isEqualTo(authFailuresBefore + 1);
		assertThat(OpenRouterLedger.byKey(old)).isEmpty();
	}

	@Test
	void aRestartInTheGracePeriodStillDeletesTheOldKey() {
		MutableClock shared = new MutableClock(this.clock.instant());
		String oldHash;
		try (Replica before = Replica.start("before-restart", shared)) {
			before.api().analyse(Tokens.user("bob", shared), PROMPT);
			String old = storedKey("bob");
			oldHash = OpenRouterLedger.byKey(old).orElseThrow().hash();
			shared.advance(INTO_THE_WINDOW);
			before.api().analyse(Tokens.user("bob", shared), PROMPT);
			awaitStoredKeyIsNot("bob", old);
		}
		assertThat(pendingDelete(oldHash)).isNotNull();
		shared.advance(GRACE);

		try (Replica after = Replica.start("after-restart", shared)) {
			after.bean(KeyRetirer.class).retireDue();
		}

		assertThat(OpenRouterStub.deletedHashes()).containsExactly(oldHash);
	}

	private String firstKey(String userId) {
		assertThat(this.api.analyse(Tokens.user(userId, this.clock), PROMPT).status()).isEqualTo(200);
		return storedKey(userId);
	}

	/** The user's stored key, as OpenRouter's ledger knows it by the stored hash. */
	private static String storedKey(String userId) {
		String hash = StoredKeys.of(userId).getString("key_hash");
		return OpenRouterLedger.live()
			.stream()
			.filter((key) -> key.hash().equals(hash))
			.findFirst()
			.orElseThrow()
			.key();
	}

	private static void awaitStoredKeyIsNot(String userId, String old) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> !old.equals(storedKey(userId)));
	}

	private static Instant renewedAt(String userId) {
		return StoredKeys.of(userId).getDate("last_renewal_at").toInstant();
	}

	private static Document pendingDelete(String hash) {
		return MongoWireServer.database()
			.getCollection("key_pending_deletes")
			.find(new Document("_id", hash))
			.first();
	}

	private double authFailures() {
		return this.meters.counter("openrouter.upstream.auth.failures").count();
	}

}
