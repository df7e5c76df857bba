package io.autorenew.renewal;

import java.time.Duration;

import io.autorenew.InvalidSettingException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The fleet-wide claim that lets one instance at a time mint a user's key.
 *
 * @param maxWait with several replicas, one mints a user's key while the others wait for it this long, then
 * answer 503 {@code provisioning_unavailable}. Longer than {@code OPENROUTER_CLAIM_LEASE}, so a waiter never
 * gives up before a dead holder's claim lapses ({@code OPENROUTER_CLAIM_WAIT})
 * @param lease a replica's claim to mint a user's key outlives the replica by at most this (a live holder
 * extends it every third of it while the mint runs); another replica then takes over, so a replica that dies
 * mid-mint locks its user out for at most this. At least {@code 1s} ({@code OPENROUTER_CLAIM_LEASE})
 */
@ConfigurationProperties("openrouter.claim")
record ClaimProperties(@DefaultValue("10s") Duration maxWait, @DefaultValue("6s") Duration lease) {

	public ClaimProperties {
		if (maxWait.isNegative() || maxWait.isZero()) {
			throw new InvalidSettingException("OPENROUTER_CLAIM_WAIT must be a positive duration such as 10s");
		}
		if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new InvalidSettingException("OPENROUTER_CLAIM_LEASE must be at least 1s");
		}
		if (maxWait.compareTo(lease) <= 0) {
			throw new InvalidSettingException("OPENROUTER_CLAIM_WAIT (" + maxWait + ") must be longer than "
					+ "OPENROUTER_CLAIM_LEASE (" + lease + "): a waiter must not give up before a dead holder's claim "
					+ "lapses");
		}
	}

}
