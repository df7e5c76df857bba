package io.autorenew.admin;

import java.math.BigDecimal;

import io.autorenew.keys.Budget;
import io.autorenew.keys.UserBudgets;
import io.autorenew.keys.UserStatus;
import io.autorenew.keys.UserSuspension;
import io.autorenew.web.ProblemCodes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Pattern;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
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

	AdminUserController(UserSuspension suspension, UserBudgets budgets) {
		this.suspension = suspension;
		this.budgets = budgets;
	}

	@GetMapping("/budget")
	@Operation(summary = "A user's budget this period",
			description = "What the budget is (`source`: `default` = OPENROUTER_KEY_LIMIT_USD, or `user`), what the "
					+ "user's keys spent this period and what is left. Audited (`budget_read`).")
	@ProblemCodes({ "invalid_request", "forbidden", "store_unavailable" })
	Budget budget(@PathVariable @Pattern(regexp = AdminKeyController.USER_ID) String userId) {
		return this.budgets.budget(userId);
	}

	@PutMapping(path = "/budget", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Set a user's budget",
			description = "`{\"limitUsd\": 12.5}` (USD per period, positive) or `{\"limitUsd\": null}` for the default. "
					+ "The live key's limit becomes the budget minus what the user's earlier keys spent this period. "
					+ "Answers the same body as GET. Audited (`budget_set`).")
	@ProblemCodes({ "invalid_request", "forbidden", "store_unavailable", "provisioning_unavailable",
			"provisioning_not_configured" })
	Budget setBudget(@PathVariable @Pattern(regexp = AdminKeyController.USER_ID) String userId,
			@RequestBody @Valid BudgetRequest request) {
		return this.budgets.set(userId, request.limitUsd());
	}

	/**
	 * Body of {@code PUT /admin/users/{userId}/budget}.
	 *
	 * @param limitUsd USD per period, positive; {@code null} for {@code OPENROUTER_KEY_LIMIT_USD}
	 */
	record BudgetRequest(@DecimalMin(value = "0", inclusive = false) @DecimalMax("1000000") BigDecimal limitUsd) {
	}

	@PostMapping("/suspend")
	@Operation(summary = "Suspend a user",
			description = "Refuses the user's calls with 403 `user_suspended`, mints nothing for them and disables "
					+ "their key at OpenRouter. Idempotent: suspending again changes nothing.")
	@ProblemCodes({ "invalid_request", "forbidden", "store_unavailable", "provisioning_unavailable",
			"provisioning_not_configured" })
	UserStatus suspend(@PathVariable @Pattern(regexp = AdminKeyController.USER_ID) String userId) {
		return this.suspension.suspend(userId);
	}

	@PostMapping("/resume")
	@Operation(summary = "Resume a suspended user",
			description = "Enables the user's key again, or lets their next call mint one if they have none. "
					+ "Idempotent.")
	@ProblemCodes({ "invalid_request", "forbidden", "store_unavailable", "provisioning_unavailable",
			"provisioning_not_configured" })
	UserStatus resume(@PathVariable @Pattern(regexp = AdminKeyController.USER_ID) String userId) {
		return this.suspension.resume(userId);
	}

}
