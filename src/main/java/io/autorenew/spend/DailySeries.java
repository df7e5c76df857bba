package io.autorenew.spend;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Spend per day, one series per user or model: what a stacked chart draws.
 *
 * @param days the UTC days, oldest first
 * @param series each key's spend on each of those days
 */
public record DailySeries(List<LocalDate> days, List<Series> series) {

	/**
	 * One key's spend per day.
	 *
	 * @param key a user id, a model, or {@code (other)}
	 * @param costUsd USD per day, to the micro-dollar, one per day
	 */
	public record Series(String key, List<BigDecimal> costUsd) {

		static Series of(String key, long[] nanos) {
			List<BigDecimal> usd = new ArrayList<>(nanos.length);
			for (long each : nanos) {
				usd.add(SpendReport.usd(each));
			}
			return new Series(key, usd);
		}

	}

}
