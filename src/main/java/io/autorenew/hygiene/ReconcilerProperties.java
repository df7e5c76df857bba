package io.autorenew.hygiene;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The orphan-key reconciler.
 *
 * @param enabled whether the orphan-key reconciler runs on a schedule ({@code OPENROUTER_RECONCILE_ENABLED})
 * @param interval time between reconciler runs across all replicas (and how long one replica holds its lease)
 * ({@code OPENROUTER_RECONCILE_INTERVAL})
 * @param initialDelay time from start-up to the first reconciler run
 * ({@code OPENROUTER_RECONCILE_INITIAL_DELAY})
 * @param grace the reconciler never deletes a key younger than this: its mint may still be being saved
 * ({@code OPENROUTER_RECONCILE_GRACE})
 */
@ConfigurationProperties("openrouter.reconcile")
record ReconcilerProperties(@DefaultValue("true") boolean enabled, @DefaultValue("1h") Duration interval,
		@DefaultValue("10s") Duration initialDelay, @DefaultValue("15m") Duration grace) {
}
