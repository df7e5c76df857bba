package io.autorenew.money;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;

import io.autorenew.openrouter.KeyDetails;
import io.autorenew.openrouter.KeyUsage;

/**
 * A budget's period, as OpenRouter's {@code limit_reset} counts it: days start at midnight UTC,
 * weeks on Monday, months on the 1st. {@link #NONE} is one period that never ends.
 */
enum BudgetPeriod {

	DAILY("daily"), WEEKLY("weekly"), MONTHLY("monthly"), NONE("none");

	private final String value;

	BudgetPeriod(String value) {
		this.value = value;
	}

	public static BudgetPeriod of(String limitReset) {
		for (BudgetPeriod period : values()) {
			if (period.value.equals(limitReset)) {
				return period;
			}
		}
		throw new IllegalArgumentException("No budget period " + limitReset);
	}

	String value() {
		return this.value;
	}

	/** When the period that holds {@code now} began. */
	Instant start(Instant now) {
		LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
		LocalDate first = switch (this) {
			case DAILY -> day;
			case WEEKLY -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
			case MONTHLY -> day.withDayOfMonth(1);
			case NONE -> LocalDate.EPOCH;
		};
		return first.atStartOfDay(ZoneOffset.UTC).toInstant();
	}

	/** When the period that holds {@code now} ends, or {@code null} if it never does. */
	Instant end(Instant now) {
		LocalDate first = LocalDate.ofInstant(start(now), ZoneOffset.UTC);
		LocalDate next = switch (this) {
			case DAILY -> first.plusDays(1);
			case WEEKLY -> first.plusWeeks(1);
			case MONTHLY -> first.plusMonths(1);
			case NONE -> null;
		};
		return (next != null) ? next.atStartOfDay(ZoneOffset.UTC).toInstant() : null;
	}

	/** What the key spent in the current period. */
	double usage(KeyDetails key) {
		return switch (this) {
			case DAILY -> key.usageDaily();
			case WEEKLY -> key.usageWeekly();
			case MONTHLY -> key.usageMonthly();
			case NONE -> key.usage();
		};
	}

	/** What a key spent in this period, as its own {@code GET /key} says; {@code null} if it does not. */
	Double usage(KeyUsage key) {
		return switch (this) {
			case DAILY -> key.usageDaily();
			case WEEKLY -> key.usageWeekly();
			case MONTHLY -> key.usageMonthly();
			case NONE -> key.usage();
		};
	}

}
