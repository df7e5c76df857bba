package io.autorenew.admin;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.autorenew.keys.KeyStore;
import io.autorenew.keys.KeySummary;
import io.autorenew.money.Everyone;
import io.autorenew.money.UserBudgets;
import io.autorenew.spend.SpendGroup;
import io.autorenew.spend.SpendReport;
import io.autorenew.spend.SpendRow;
import io.autorenew.web.Failure;
import io.autorenew.web.ProblemCodes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Every user the service knows (a stored key, a stored budget or suspension, or spend this
 * period), with their key, budget and what the spend ledger says they spent this period; paged,
 * sorted and filtered (admin scope only). Read in one pass of each collection, with no call to
 * OpenRouter.
 */
@RestController
@Tag(name = "admin", description = "Operators' view of users' keys: needs a token with the admin scope")
class AdminUsersController {

	/** How a list of users is sorted. */
	enum UserSort {

		/** Most spent this period first. */
		spend,

		/** Most recently renewed first; never renewed last. */
		lastRenewal,

		/** By user id. */
		userId

	}

	private static final Comparator<UserRow> BY_ID = Comparator.comparing(UserRow::userId);

	private final KeyStore keys;

	private final UserBudgets budgets;

	private final SpendReport spend;

	private final Clock clock;

	AdminUsersController(KeyStore keys, UserBudgets budgets, SpendReport spend, Clock clock) {
		this.keys = keys;
		this.budgets = budgets;
		this.spend = spend;
		this.clock = clock;
	}

	@GetMapping(path = "/admin/users", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Every user, with their key, budget and spend",
			description = "Each user the service knows: `userId`, `keyLabel` (masked, or null), `spentUsd` (this "
					+ "period, from the spend ledger), `limitUsd`, `remainingUsd`, `period`, `suspended`, "
					+ "`lastRenewalAt` and `renewals`. `sort`: `spend` (most first, the default), `lastRenewal` or "
					+ "`userId`; `suspended=true|false` filters; `page` from 0, `size` 1 to 100.")
	@ProblemCodes({ Failure.INVALID_REQUEST, Failure.FORBIDDEN, Failure.STORE_UNAVAILABLE })
	UserPage users(@RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
			@RequestParam(defaultValue = "50") @Min(1) @Max(100) int size,
			@RequestParam(defaultValue = "spend") UserSort sort, @RequestParam(required = false) Boolean suspended) {
		Everyone everyone = this.budgets.everyone();
		LocalDate today = LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC);
		LocalDate periodStart = LocalDate.ofInstant(everyone.period().start(), ZoneOffset.UTC);
		Map<String, BigDecimal> spent = this.spend.spend(periodStart, today, SpendGroup.user, null)
			.stream()
			.collect(Collectors.toMap(SpendRow::key, SpendRow::costUsd));
		Map<String, KeySummary> keys = this.keys.summaries()
			.stream()
			.collect(Collectors.toMap(KeySummary::userId, Function.identity(), (one, other) -> one));
		TreeSet<String> ids = new TreeSet<>(keys.keySet());
		ids.addAll(everyone.users().keySet());
		ids.addAll(spent.keySet());
		List<UserRow> rows = ids.stream()
			.map((id) -> UserRow.of(id, keys.get(id), everyone.of(id), spent.getOrDefault(id, BigDecimal.ZERO),
					everyone.period().name()))
			.filter((row) -> suspended == null || row.suspended() == suspended)
			.sorted(order(sort))
			.toList();
		int from = (int) Math.min((long) page * size, rows.size());
		return new UserPage(page, size, rows.size(), sort, everyone.period().name(), everyone.period().start(),
				everyone.period().endsAt(), rows.subList(from, Math.min(from + size, rows.size())));
	}

	private static Comparator<UserRow> order(UserSort sort) {
		return switch (sort) {
			case spend -> Comparator.comparing(UserRow::spentUsd).reversed().thenComparing(BY_ID);
			case lastRenewal -> Comparator.comparing(UserRow::lastRenewalAt,
					Comparator.nullsLast(Comparator.<Instant>naturalOrder().reversed()))
				.thenComparing(BY_ID);
			case userId -> BY_ID;
		};
	}

	/**
	 * One page of users.
	 *
	 * @param page the page, from 0
	 * @param size users per page
	 * @param total users that match, on every page
	 * @param sort the order
	 * @param period the budget period: {@code daily}, {@code weekly}, {@code monthly} or {@code none}
	 * @param periodStart when this period began
	 * @param periodEndsAt when it ends, or {@code null} for {@code none}
	 * @param users this page's users
	 */
	record UserPage(int page, int size, int total, UserSort sort, String period, Instant periodStart,
			Instant periodEndsAt, List<UserRow> users) {
	}

	/**
	 * One user in the list.
	 *
	 * @param userId the user
	 * @param keyLabel their key, masked, or {@code null} for none
	 * @param spentUsd what the spend ledger says their calls cost this period
	 * @param limitUsd their budget per period
	 * @param remainingUsd {@code limitUsd - spentUsd}, never below 0
	 * @param period the budget period
	 * @param suspended whether an operator suspended them
	 * @param lastRenewalAt when their key last replaced another, or {@code null}
	 * @param renewals how many keys their key succeeds
	 */
	record UserRow(String userId, String keyLabel, BigDecimal spentUsd, BigDecimal limitUsd, BigDecimal remainingUsd,
			String period, boolean suspended, Instant lastRenewalAt, int renewals) {

		static UserRow of(String userId, KeySummary key, Everyone.UserMoney money, BigDecimal spent, String period) {
			return new UserRow(userId, (key != null) ? key.keyLabel() : null, spent, money.limitUsd(),
					money.limitUsd().subtract(spent).max(BigDecimal.ZERO), period, money.suspended(),
					(key != null) ? key.lastRenewalAt() : null, (key != null) ? key.renewals() : 0);
		}

	}

}
