package io.autorenew.spend;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.bson.conversions.Bson;

import org.springframework.data.mongodb.core.MongoOperations;

/**
 * Reads the spend ledger's daily totals ({@code spend_daily}), never its raw entries: what was
 * spent over a range of UTC days, grouped by day, user or model, for everyone or one user.
 */
public final class SpendReport {

	/** The series of the keys past the top ones, added up. */
	public static final String OTHER = "(other)";

	private final MongoOperations mongo;

	SpendReport(MongoOperations mongo) {
		this.mongo = mongo;
	}

	/**
	 * The spend of the days {@code from} to {@code to} (both included), grouped by {@code group};
	 * one user's alone when {@code userId} is not {@code null}.
	 */
	public List<SpendRow> spend(LocalDate from, LocalDate to, SpendGroup group, String userId) {
		List<Bson> match = new ArrayList<>(List.of(Filters.gte("day", start(from)), Filters.lt("day", start(to.plusDays(1)))));
		if (userId != null) {
			match.add(Filters.eq("user_id", userId));
		}
		String field = switch (group) {
			case day -> "$day";
			case user -> "$user_id";
			case model -> "$model";
		};
		List<Bson> pipeline = List.of(Aggregates.match(Filters.and(match)),
				Aggregates.group(field, Accumulators.sum("calls", "$calls"),
						Accumulators.sum("input_tokens", "$input_tokens"),
						Accumulators.sum("output_tokens", "$output_tokens"),
						Accumulators.sum("reasoning_tokens", "$reasoning_tokens"),
						Accumulators.sum("cached_tokens", "$cached_tokens"),
						Accumulators.sum("cost_nano_usd", "$cost_nano_usd")),
				Aggregates.sort((group == SpendGroup.day) ? Sorts.ascending("_id")
						: Sorts.orderBy(Sorts.descending("cost_nano_usd"), Sorts.ascending("_id"))));
		List<SpendRow> rows = new ArrayList<>();
		for (Document row : this.mongo.getCollection(MongoSpendLedger.DAILY).aggregate(pipeline)) {
			rows.add(new SpendRow(key(row.get("_id")), number(row, "calls"), number(row, "input_tokens"),
					number(row, "output_tokens"), number(row, "reasoning_tokens"), number(row, "cached_tokens"),
					usd(number(row, "cost_nano_usd"))));
		}
		return rows;
	}

	/**
	 * The spend of each day from {@code from} to {@code to}, split by {@code split} ({@code user} or
	 * {@code model}): the {@code top} keys that spent most over the whole range each a series, the
	 * rest added up as {@link #OTHER}. Every series has one value per day, oldest first.
	 */
	public DailySeries daily(LocalDate from, LocalDate to, SpendGroup split, int top) {
		String field = (split == SpendGroup.user) ? "$user_id" : "$model";
		List<Bson> pipeline = List.of(
				Aggregates.match(Filters.and(Filters.gte("day", start(from)), Filters.lt("day", start(to.plusDays(1))))),
				Aggregates.group(new Document("day", "$day").append("key", field),
						Accumulators.sum("cost_nano_usd", "$cost_nano_usd")));
		Map<String, long[]> byKey = new HashMap<>();
		int days = (int) ChronoUnit.DAYS.between(from, to) + 1;
		for (Document cell : this.mongo.getCollection(MongoSpendLedger.DAILY).aggregate(pipeline)) {
			Document id = cell.get("_id", Document.class);
			LocalDate day = LocalDate.ofInstant(id.getDate("day").toInstant(), ZoneOffset.UTC);
			long[] values = byKey.computeIfAbsent(String.valueOf(id.get("key")), (key) -> new long[days]);
			values[(int) ChronoUnit.DAYS.between(from, day)] += number(cell, "cost_nano_usd");
		}
		List<Map.Entry<String, long[]>> ranked = new ArrayList<>(byKey.entrySet());
		ranked.sort(Comparator
			.comparingLong((Map.Entry<String, long[]> entry) -> -Arrays.stream(entry.getValue()).sum())
			.thenComparing(Map.Entry::getKey));
		List<DailySeries.Series> series = new ArrayList<>();
		long[] other = new long[days];
		for (int i = 0; i < ranked.size(); i++) {
			if (i < top) {
				series.add(DailySeries.Series.of(ranked.get(i).getKey(), ranked.get(i).getValue()));
			}
			else {
				for (int day = 0; day < days; day++) {
					other[day] += ranked.get(i).getValue()[day];
				}
			}
		}
		if (ranked.size() > top) {
			series.add(DailySeries.Series.of(OTHER, other));
		}
		List<LocalDate> dayList = new ArrayList<>();
		for (int day = 0; day < days; day++) {
			dayList.add(from.plusDays(day));
		}
		return new DailySeries(dayList, series);
	}

	/** Billionths of a dollar as USD to the micro-dollar, without trailing zeros or an exponent (0.0515, 3). */
	static BigDecimal usd(long nanos) {
		BigDecimal micros = BigDecimal.valueOf(nanos, 9).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros();
		return (micros.scale() < 0) ? micros.setScale(0) : micros;
	}

	private static Date start(LocalDate day) {
		return Date.from(day.atStartOfDay(ZoneOffset.UTC).toInstant());
	}

	private static String key(Object id) {
		if (id instanceof Date day) {
			return LocalDate.ofInstant(day.toInstant(), ZoneOffset.UTC).toString();
		}
		return String.valueOf(id);
	}

	private static long number(Document row, String field) {
		Object value = row.get(field);
		return (value instanceof Number number) ? number.longValue() : 0;
	}

}
