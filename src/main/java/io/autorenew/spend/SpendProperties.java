package io.autorenew.spend;

import java.time.Duration;

import io.autorenew.InvalidSettingException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The spend ledger.
 *
 * @param retention how long MongoDB keeps each ledger entry (a time-series collection's
 * {@code expireAfterSeconds}, set when the collection is made); the daily totals are kept
 * ({@code LEDGER_RETENTION})
 */
@ConfigurationProperties("spend")
public record SpendProperties(@DefaultValue("90d") Duration retention) {

	public SpendProperties {
		if (retention.compareTo(Duration.ofDays(1)) < 0) {
			throw new InvalidSettingException("LEDGER_RETENTION must be at least 1d");
		}
	}

}
