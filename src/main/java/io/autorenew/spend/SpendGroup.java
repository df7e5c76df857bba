package io.autorenew.spend;

/** How a spend report groups the daily totals. */
public enum SpendGroup {

	/** One row per UTC day, oldest first. */
	day,

	/** One row per user, most spent first. */
	user,

	/** One row per model, most spent first. */
	model

}
