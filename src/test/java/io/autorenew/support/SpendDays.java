package io.autorenew.support;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;

import org.bson.Document;

/** Raw access to the spend ledger's daily totals ({@code spend_daily}), as another app would see them. */
public final class SpendDays {

	private SpendDays() {
	}

	/**
	 * Spend the ledger already holds for a user on a day: {@code calls} calls of 12 input, 7 output,
	 * 2 reasoning and 4 cached tokens each, costing {@code costNanoUsd} billionths of a dollar in all.
	 */
	public static void seed(LocalDate day, String user, String model, long calls, long costNanoUsd) {
		MongoWireServer.database()
			.getCollection("spend_daily")
			.insertOne(new Document("_id", day + "|" + model + "|" + user)
				.append("day", Date.from(day.atStartOfDay(ZoneOffset.UTC).toInstant()))
				.append("user_id", user)
				.append("model", model)
				.append("calls", calls)
				.append("input_tokens", 12 * calls)
				.append("output_tokens", 7 * calls)
				.append("reasoning_tokens", 2 * calls)
				.append("cached_tokens", 4 * calls)
				.append("cost_nano_usd", costNanoUsd));
	}

	/** The calls the daily totals hold, every user and day: how far the ledger's writer has got. */
	public static long calls() {
		long calls = 0;
		for (Document daily : MongoWireServer.database().getCollection("spend_daily").find()) {
			calls += daily.getLong("calls");
		}
		return calls;
	}

}
