package io.autorenew.admin;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

import io.autorenew.keys.UnknownUserException;
import io.autorenew.money.Budget;
import io.autorenew.money.UserBudgets;
import io.autorenew.money.UserSuspension;
import io.autorenew.renewal.KeyStatusService;
import io.autorenew.web.Failure;
import io.autorenew.web.ProblemCodes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Pattern;
import tools.jackson.databind.annotation.JsonDeserialize;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators stop and restart one user, and set their budget (admin scope only). A suspended
 * user's calls are refused with 403 {@code user_suspended}, nothing is minted for them, and
 * their key is disabled at OpenRouter.
 */
@RestController
@RequestMapping(path = "/admin/users/{userId}", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "admin", description = "Operators' view of users' keys: needs a token with the admin scope")
class AdminUserController {

	private final UserSuspension suspension;

	private final UserBudgets budgets;

	private final KeyStatusService users;

	AdminUserController(UserSuspension suspension, UserBudgets budgets, KeyStatusService users) {
		this.suspension = suspension;
		this.budgets = budgets;
		this.users = users;
	}

	/**
	 * A user the service has never seen (no key, no event) is a typo until the operator says
	 * otherwise with {@code ?create=true}: 404 {@code user_not_found}, and nothing is written.
	 */
	private void requireKnown(String userId, boolean create) {
		if (!create && !this.users.knows(userId)) {
			throw new UnknownUserException(userId);
		}
	}

	@GetMapping("/budget")
	@Operation(summary = "A user's budget this period",
			description = "What the budget is (`source`: `default` = OPENROUTER_KEY_LIMIT_USD, or `user`), what the "
					+ "user's keys spent this period and what is left. A user the service has never seen is 404 "
					+ "`user_not_found`. Reading writes nothing.")
	@ProblemCodes({ Failure.INVALID_REQUEST, Failure.FORBIDDEN, Failure.USER_NOT_FOUND, Failure.STORE_UNAVAILABLE })
	Budget budget(@PathVariable @Pattern(regexp = AdminKeyController.USER_ID) String userId) {
		requireKnown(userId, false);
		return this.budgets.budget(userId);
	}

	@PutMapping(path = "/budget", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Set a user's budget",
			description = "`{\"limitUsd\": 12.5}` (USD per period, positive) or `{\"limitUsd\": null}` for the default. "
					+ "The live key's limit becomes the budget minus what the user's earlier keys spent this period. "
					+ "Answers the same body as GET. Audited (`budget_set`). A user the service has never seen needs "
					+ "`?create=true`.")
	@ProblemCodes({ Failure.INVALID_REQUEST, Failure.FORBIDDEN, Failure.USER_NOT_FOUND, Failure.STORE_UNAVAILABLE, Failure.PROVISIONING_UNAVAILABLE,
			Failure.PROVISIONING_NOT_CONFIGURED })
	Budget setBudget(@PathVariable @Pattern(regexp = AdminKeyController.USER_ID) String userId,
			@RequestBody @Valid BudgetRequest request, @RequestParam(defaultValue = "false") boolean create) {
		requireKnown(userId, create);
		return this.budgets.set(userId, request.limitUsd());
	}

	/**
	 * Body of {@code PUT /admin/users/{userId}/budget}.
	 *
	 * @param limitUsd USD per period: a JSON number above 0 and at most 1,000,000, with at most 2 decimals (a
	 * string, {@code 1e-400} or {@code 0.001} is refused); {@code null} for {@code OPENROUTER_KEY_LIMIT_USD}
	 */
	record BudgetRequest(@JsonDeserialize(using = StrictDecimalDeserializer.class)
	@DecimalMin(value = "0", inclusive = false, message = "must be greater than 0")
	@DecimalMax(value = "1000000", message = "must be at most 1000000")
	@Digits(integer = 7, fraction = 2, message = "must have at most 2 decimals") BigDecimal limitUsd) {
	}

	@PostMapping("/suspend")
	@Operation(summary = "Suspend a user",
			description = "Refuses the user's calls with 403 `user_suspended`, mints nothing for them and disables "
					+ "their key at OpenRouter. Idempotent: suspending again changes nothing. A user the service has "
					+ "never seen needs `?create=true`.")
	@ProblemCodes({ Failure.INVALID_REQUEST, Failure.FORBIDDEN, Failure.USER_NOT_FOUND, Failure.STORE_UNAVAILABLE, Failure.PROVISIONING_UNAVAILABLE,
			Failure.PROVISIONING_NOT_CONFIGURED })
	UserStatus suspend(@PathVariable @Pattern(regexp = AdminKeyController.USER_ID) String userId,
			@RequestParam(defaultValue = "false") boolean create) {
		requireKnown(userId, create);
		this.suspension.suspend(userId);
		return status(userId);
	}

	@PostMapping("/resume")
	@Operation(summary = "Resume a suspended user",
			description = "Enables the user's key again, or lets their next call mint one if they have none. "
					+ "Idempotent. A user the service has never seen needs `?create=true`.")
	@ProblemCodes({ Failure.INVALID_REQUEST, Failure.FORBIDDEN, Failure.USER_NOT_FOUND, Failure.STORE_UNAVAILABLE, Failure.PROVISIONING_UNAVAILABLE,
			Failure.PROVISIONING_NOT_CONFIGURED })
	UserStatus resume(@PathVariable @Pattern(regexp = AdminKeyController.USER_ID) String userId,
			@RequestParam(defaultValue = "false") boolean create) {
		requireKnown(userId, create);
		this.suspension.resume(userId);
		return status(userId);
	}

	/** The user's suspension and key, masked. */
	private UserStatus status(String userId) {
		Optional<Instant> since = this.suspension.suspendedAt(userId);
		return new UserStatus(userId, since.isPresent(), since.orElse(null), this.users.status(userId).orElse(null));
	}

}
