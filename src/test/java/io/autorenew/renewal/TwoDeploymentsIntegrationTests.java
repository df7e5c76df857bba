package io.autorenew.renewal;

import java.util.List;

import io.autorenew.hygiene.KeyReconciler;
import io.autorenew.support.LedgerKey;
import io.autorenew.support.MongoWireServer;
import io.autorenew.support.OpenRouterLedger;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.Replica;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two deployments of the service on one OpenRouter account (one management key), each with
 * its own database and its own {@code OPENROUTER_KEY_NAME_PREFIX}. Seen from one, the other's
 * keys are untracked; its reconciler must leave them alone and delete only its own orphans.
 */
class TwoDeploymentsIntegrationTests {

	private static final String PROMPT = "{\"prompt\":\"Summarise the quarterly report.\"}";

	@Test
	void eachReconcilerDeletesOnlyItsOwnOrphansAndNeverTheOtherDeploymentsKeys() {
		MongoWireServer.reset();
		OpenRouterStub.reset();
		OpenRouterStub.chatChecksLedger();
		String store = MongoWireServer.uri();
		try (Replica teamA = Replica.start("team-a-1", "OPENROUTER_KEY_NAME_PREFIX=team-a",
				"MONGODB_URI=" + store.replaceFirst("/[^/]*$", "/team_a"), "OPENROUTER_RECONCILE_GRACE=PT0S");
				Replica teamB = Replica.start("team-b-1", "OPENROUTER_KEY_NAME_PREFIX=team-b",
						"MONGODB_URI=" + store.replaceFirst("/[^/]*$", "/team_b"), "OPENROUTER_RECONCILE_GRACE=PT0S")) {
			assertThat(teamA.api().analyse(Tokens.user("alice"), PROMPT).status()).isEqualTo(200);
			assertThat(teamB.api().analyse(Tokens.user("bob"), PROMPT).status()).isEqualTo(200);
			LedgerKey orphanOfA = OpenRouterLedger.addForeign("team-a:carol:lost-mint");
			LedgerKey orphanOfB = OpenRouterLedger.addForeign("team-b:dave:lost-mint");
			assertThat(OpenRouterLedger.live()).extracting(LedgerKey::name)
				.anyMatch((name) -> name.startsWith("team-a:alice:"))
				.anyMatch((name) -> name.startsWith("team-b:bob:"));

			assertThat(teamA.bean(KeyReconciler.class).reconcile()).isEqualTo(1);
			assertThat(teamB.bean(KeyReconciler.class).reconcile()).isEqualTo(1);

			assertThat(OpenRouterStub.deletedHashes()).containsExactlyInAnyOrder(orphanOfA.hash(), orphanOfB.hash());
			List<String> live = OpenRouterLedger.live().stream().map(LedgerKey::name).toList();
			assertThat(live).hasSize(2).anyMatch((name) -> name.startsWith("team-a:alice:"))
				.anyMatch((name) -> name.startsWith("team-b:bob:"));
			assertThat(teamA.api().analyse(Tokens.user("alice"), PROMPT).status()).isEqualTo(200);
			assertThat(teamB.api().analyse(Tokens.user("bob"), PROMPT).status()).isEqualTo(200);
		}
	}

}
