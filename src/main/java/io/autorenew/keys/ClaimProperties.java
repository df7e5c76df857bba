package io.autorenew.keys;

import java.time.Duration;

import io.autorenew.InvalidSettingException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The fleet-wide claim that lets one instance at a time mint a user's key.
 *
 * @param maxWait how long an instance waits for another instance's mint before answering 503
 * {@code provisioning_unavailable} ({@code OPENROUTER_CLAIM_WAIT})
 * @param lease how long a claim outlives its holder: a dead instance's claim is taken over
 * after this ({@code OPENROUTER_CLAIM_LEASE}); a live holder keeps extending it
 */
@ConfigurationProperties("openrouter.claim")
record ClaimProperties(@DefaultValue("10s") Duration maxWait, @DefaultValue("30s") Duration lease) {

	ClaimProperties {
		if (maxWait.isNegative() || maxWait.isZero()) {
			throw new InvalidSettingException("OPENROUTER_CLAIM_WAIT must be a positive duration such as 10s");
		}
		if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new InvalidSettingException("OPENROUTER_CLAIM_LEASE must be at least 1s");
		}
	}

}
