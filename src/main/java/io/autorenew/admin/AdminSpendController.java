package io.autorenew.admin;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.autorenew.gateway.InvalidRequestException;
import io.autorenew.keys.UnknownUserException;
import io.autorenew.renewal.KeyStatusService;
import io.autorenew.spend.DailySeries;
import io.autorenew.spend.SpendGroup;
import io.autorenew.spend.SpendReport;
import io.autorenew.spend.SpendRow;
import io.autorenew.web.Failure;
import io.autorenew.web.ProblemCodes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Who spent what (admin scope only): the spend ledger's daily totals over a range of UTC days,
 * grouped by day, user or model, as JSON or, with {@code Accept: text/csv}, as CSV. Nothing here
 * reads a raw ledger entry or calls OpenRouter.
 */
@RestController
@Tag(name = "admin", description = "Operators' view of users' keys: needs a token with the admin scope")
class AdminSpendController {

	/** The longest range one report covers, in days. */
	static final int LONGEST_RANGE_DAYS = 366;

	/** The days a report covers when it names no {@code from}. */
	static final int DEFAULT_DAYS = 30;

	static final String CSV = "text/csv";

	private final SpendReport report;

	private final KeyStatusService users;

	private final Clock clock;

	AdminSpendController(SpendReport report, KeyStatusService users, Clock clock) {
		this.report = report;
		this.users = users;
		this.clock = clock;
	}

	@GetMapping(path = "/admin/spend", produces = { MediaType.APPLICATION_JSON_VALUE, CSV })
	@Operation(summary = "Who spent what",
			description = "What OpenRouter said the calls cost, summed from the spend ledger's daily totals for the UTC "
					+ "days `from` to `to` (both included; by default the last 30 days to today; at most 366 days), "
					+ "one row per `groupBy`: `day` (oldest first), `user` or `model` (most spent first). "
					+ "`Accept: text/csv` gives the same rows as CSV.")
	@ProblemCodes({ Failure.INVALID_REQUEST, Failure.FORBIDDEN, Failure.STORE_UNAVAILABLE })
	ResponseEntity<?> spend(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
			@RequestParam(defaultValue = "day") SpendGroup groupBy,
			@RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
		return answer(Range.of(from, to, this.clock), groupBy, null, accept);
	}

	@GetMapping(path = "/admin/users/{userId}/spend", produces = { MediaType.APPLICATION_JSON_VALUE, CSV })
	@Operation(summary = "One user's spend",
			description = "The same report for one user: by `day` (the default) or by `model`. A user the service has "
					+ "never seen is 404 `user_not_found`.")
	@ProblemCodes({ Failure.INVALID_REQUEST, Failure.FORBIDDEN, Failure.USER_NOT_FOUND, Failure.STORE_UNAVAILABLE })
	ResponseEntity<?> userSpend(@PathVariable @Pattern(regexp = AdminKeyController.USER_ID) String userId,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
			@RequestParam(defaultValue = "day") SpendGroup groupBy,
			@RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
		if (groupBy == SpendGroup.user) {
			throw InvalidRequestException.invalid("groupBy", "One user's spend is grouped by day or model.");
		}
		Range range = Range.of(from, to, this.clock);
		if (!this.users.knows(userId)) {
			throw new UnknownUserException(userId);
		}
		return answer(range, groupBy, userId, accept);
	}

	@GetMapping(path = "/admin/spend/daily", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Spend per day, one series per model or user",
			description = "What a stacked chart draws: for each UTC day from `from` to `to` (by default the last 30), "
					+ "the spend of each of the `top` (1 to 20, default 5) models or users (`split`) that spent most "
					+ "over the range, and the rest added up as `(other)`.")
	@ProblemCodes({ Failure.INVALID_REQUEST, Failure.FORBIDDEN, Failure.STORE_UNAVAILABLE })
	DailyBody daily(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
			@RequestParam(defaultValue = "model") SpendGroup split,
			@RequestParam(defaultValue = "5") @Min(1) @Max(20) int top) {
		if (split == SpendGroup.day) {
			throw InvalidRequestException.invalid("split", "A daily series is split by model or user.");
		}
		Range range = Range.of(from, to, this.clock);
		return new DailyBody(range.from(), range.to(), split, this.report.daily(range.from(), range.to(), split, top));
	}

	/**
	 * Spend per day in series.
	 *
	 * @param from the first UTC day
	 * @param to the last UTC day, included
	 * @param split what each series is: {@code model} or {@code user}
	 * @param daily the days and the series
	 */
	record DailyBody(LocalDate from, LocalDate to, SpendGroup split, DailySeries daily) {
	}

	private ResponseEntity<?> answer(Range range, SpendGroup groupBy, String userId, String accept) {
		List<SpendRow> rows = this.report.spend(range.from(), range.to(), groupBy, userId);
		if (accept != null && accept.contains(CSV)) {
			return ResponseEntity.ok().contentType(MediaType.parseMediaType(CSV)).body(SpendCsv.of(groupBy, rows));
		}
		BigDecimal total = rows.stream().map(SpendRow::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.body(new SpendReportBody(range.from(), range.to(), groupBy, userId, total, rows));
	}

	/**
	 * A spend report.
	 *
	 * @param from the first UTC day
	 * @param to the last UTC day, included
	 * @param groupBy what each row sums: {@code day}, {@code user} or {@code model}
	 * @param userId the one user reported on, or {@code null} for everyone
	 * @param totalUsd the rows' cost added up
	 * @param rows the groups
	 */
	record SpendReportBody(LocalDate from, LocalDate to, SpendGroup groupBy, String userId, BigDecimal totalUsd,
			List<SpendRow> rows) {
	}

	/** The UTC days a report covers, checked. */
	record Range(LocalDate from, LocalDate to) {

		static Range of(LocalDate from, LocalDate to, Clock clock) {
			LocalDate last = (to != null) ? to : LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
			LocalDate first = (from != null) ? from : last.minusDays(DEFAULT_DAYS - 1);
			if (first.isAfter(last)) {
				throw InvalidRequestException.invalid("from", "from must not be after to.");
			}
			if (ChronoUnit.DAYS.between(first, last) + 1 > LONGEST_RANGE_DAYS) {
				throw InvalidRequestException.invalid("from",
						"A report covers at most " + LONGEST_RANGE_DAYS + " days.");
			}
			return new Range(first, last);
		}

	}

}
