package io.autorenew.keys;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The orphan-key reconciler.
 *
 * @param enabled whether it runs on a schedule ({@code OPENROUTER_RECONCILE_ENABLED})
 * @param interval time between runs, across all replicas ({@code OPENROUTER_RECONCILE_INTERVAL})
 * @param initialDelay time from start-up to the first run ({@code OPENROUTER_RECONCILE_INITIAL_DELAY})
 * @param grace keys younger than this are never deleted: their mint may still be being saved
 * ({@code OPENROUTER_RECONCILE_GRACE})
 */
@ConfigurationProperties("openrouter.reconcile")
record ReconcilerProperties(@DefaultValue("true") boolean enabled, @DefaultValue("PT1H") Duration interval,
		@DefaultValue("PT10S") Duration initialDelay, @DefaultValue("PT15M") Duration grace) {
}
