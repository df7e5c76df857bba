package io.autorenew.renewal;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.UpdateOptions;
import io.autorenew.GatewayApplication;
import io.autorenew.openrouter.FleetMintPause;
import io.autorenew.support.Api.Response;
import io.autorenew.support.Api;
import io.autorenew.support.MongoWireServer;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.Replica;
import io.autorenew.support.StoredKeys;
import io.autorenew.support.Tokens;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoOperations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A process that died holding a user's mint claim does not lock the user out: on a shared store
 * its claim lapses within {@code OPENROUTER_CLAIM_LEASE} (6 s by default, 2 s here) and a
 * waiting replica, which never gives up before that ({@code OPENROUTER_CLAIM_WAIT}, 10 s), takes over. On the embedded store, which serves one process, claims are held in memory
 * ({@link ProcessKeyClaims}): a crash leaves none, and a claim document in the store binds
 * nobody.
 */
class ClaimsAfterACrashIntegrationTests {

	private static final String PROMPT = "{\"prompt\":\"hello\"}";

	/** OPENROUTER_CLAIM_LEASE of the replica: what a dead holder's claim is left with. */
	private static final Duration LEASE = Duration.ofSeconds(2);

	@TempDir
	Path dir;

	@BeforeEach
	void reset() {
		MongoWireServer.reset();
		OpenRouterStub.reset();
	}

	@Test
	void aDeadHoldersClaimLapsesWithinTheLeaseAndTheWaitingCallIsServed() {
		try (Replica replica = Replica.start("survivor", "OPENROUTER_CLAIM_LEASE=" + LEASE.toSeconds() + "s")) {
			leaveClaim(MongoWireServer.database().getCollection(MongoKeyClaims.COLLECTION), "alice",
					Instant.now().plus(LEASE));
			long started = System.nanoTime();

			Response answer = replica.api().analyse(Tokens.user("alice"), PROMPT);

			Duration took = Duration.ofNanos(System.nanoTime() - started);
			assertThat(answer.status()).as(answer.body()).isEqualTo(200);
			assertThat(took).as("served once the dead holder's lease lapsed").isLessThan(LEASE.plusSeconds(3));
			assertThat(OpenRouterStub.mintRequests()).hasSize(1);
		}
	}

	@Test
	void theEmbeddedStoreKeepsClaimsInMemorySoACrashLeavesNoneBehind() {
		try (ConfigurableApplicationContext embedded = embedded()) {
			MongoCollection<Document> stored = embedded.getBean(MongoOperations.class)
				.getCollection(MongoKeyClaims.COLLECTION);
			// what an older version, which kept claims in the file, left when its process was killed
			leaveClaim(stored, "alice", Instant.now().plus(Duration.ofHours(1)));
			Api api = new Api(Integer.parseInt(embedded.getEnvironment().getProperty("local.server.port")));
			long started = System.nanoTime();

			Response answer = api.analyse(Tokens.user("alice"), PROMPT);

			assertThat(answer.status()).as(answer.body()).isEqualTo(200);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
			assertThat(OpenRouterStub.mintRequests()).hasSize(1);
			assertThat(embedded.getBean(KeyClaims.class)).isInstanceOf(ProcessKeyClaims.class);
			assertThat(stored.countDocuments()).as("the mint wrote no claim to the store").isEqualTo(1);
			assertThat(embedded.getBeanProvider(FleetMintPause.class).getIfAvailable())
				.as("nor reads a fleet's mint pause: this one process's breaker is the fleet's")
				.isNull();
		}
	}

	@Test
	void aWaitThatGivesUpBeforeTheLeaseLapsesIsRefusedAtStartUp() {
		assertThatThrownBy(() -> new ClaimProperties(Duration.ofSeconds(5), Duration.ofSeconds(6)))
			.hasMessageContaining("OPENROUTER_CLAIM_WAIT (PT5S) must be longer than OPENROUTER_CLAIM_LEASE (PT6S)");
	}

	/** A claim as a holder that died mid-mint leaves it: held by another instance until {@code until}. */
	private static void leaveClaim(MongoCollection<Document> claims, String userId, Instant until) {
		claims.updateOne(new Document("_id", userId),
				new Document("$set", new Document("owner", "dead-instance").append("token", "dead-token")
					.append("lease_until", Date.from(until))
					.append("claimed_at", new Date())),
				new UpdateOptions().upsert(true));
	}

	private ConfigurableApplicationContext embedded() {
		return new SpringApplicationBuilder(GatewayApplication.class)
			.properties("EMBEDDED_MONGO_DIR=" + this.dir, "OPENROUTER_BASE_URL=" + OpenRouterStub.baseUrl(),
					"OPENROUTER_PROVISIONING_KEY=" + OpenRouterStub.MANAGEMENT_KEY, "AUTH_JWT_SECRET=" + Tokens.SECRET,
					"KEY_ENCRYPTION_KEY=" + StoredKeys.ENCRYPTION_KEY, "OPENROUTER_RECONCILE_ENABLED=false",
					"MONGODB_URI=")
			.run("--server.port=0");
	}

}
