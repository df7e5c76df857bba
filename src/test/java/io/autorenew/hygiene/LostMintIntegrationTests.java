package io.autorenew.hygiene;

import java.time.Duration;
import java.time.Instant;

import io.autorenew.support.Api.Response;
import io.autorenew.support.DeadlinesIntegrationTest;
import io.autorenew.support.LedgerKey;
import io.autorenew.support.OpenRouterLedger;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.StoredKeys;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A mint whose answer never arrives (OpenRouter created the key; the service gave up after
 * {@code OPENROUTER_PROVISIONING_READ_TIMEOUT}) leaves a key nobody stores: the reconciler finds
 * and deletes it, and never a key of another app.
 */
class LostMintIntegrationTests extends DeadlinesIntegrationTest {

	private static final String PROMPT = "{\"prompt\":\"Summarise the quarterly report.\"}";

	/** Longer than the key-management read timeout: the key is created, its answer comes too late. */
	private static final Duration LATE = PROVISIONING_READ_TIMEOUT.plusSeconds(1);

	@Autowired
	private KeyReconciler reconciler;

	@Test
	void mintWhoseAnswerIsLostIsRemovedByTheReconciler() {
		OpenRouterStub.mintTimesOut(LATE);

		Response response = this.api.analyse(Tokens.user("alice"), PROMPT);

		assertThat(response.code()).isEqualTo("provisioning_unavailable");
		assertThat(StoredKeys.of("alice")).isNull();
		LedgerKey lost = OpenRouterLedger.live().get(0);
		OpenRouterLedger.setCreatedAt(lost.hash(), Instant.now().minus(Duration.ofHours(1)));
		LedgerKey foreign = OpenRouterLedger.addForeign("other-app:billing");
		OpenRouterLedger.setCreatedAt(foreign.hash(), Instant.now().minus(Duration.ofDays(30)));

		assertThat(this.reconciler.reconcile()).isEqualTo(1);

		assertThat(OpenRouterLedger.live()).extracting(LedgerKey::hash).containsExactly(foreign.hash());
		assertThat(this.api.get("/admin/users/alice/openrouter-key/events", Tokens.admin()).json().path("events")
			.findValuesAsString("event")).contains("orphan_deleted", "renewal_failed");
	}

	/**
	 * OpenRouter lists a disabled key only when asked: the reconciler asks, so a lost key that
	 * was disabled (a user suspended while its mint's answer was lost) is still found and deleted.
	 */
	@Test
	void aDisabledOrphanIsRemovedByTheReconcilerToo() {
		OpenRouterStub.mintTimesOut(LATE);
		assertThat(this.api.analyse(Tokens.user("alice"), PROMPT).code()).isEqualTo("provisioning_unavailable");
		LedgerKey lost = OpenRouterLedger.live().get(0);
		OpenRouterLedger.disable(lost.hash());
		OpenRouterLedger.setCreatedAt(lost.hash(), Instant.now().minus(Duration.ofHours(1)));

		assertThat(this.reconciler.reconcile()).isEqualTo(1);

		assertThat(OpenRouterLedger.live()).isEmpty();
	}

}
