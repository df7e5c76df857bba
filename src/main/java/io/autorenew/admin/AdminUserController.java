package io.autorenew.admin;

import io.autorenew.keys.UserStatus;
import io.autorenew.keys.UserSuspension;
import io.autorenew.web.ProblemCodes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Pattern;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators stop and restart one user (admin scope only). A suspended user's calls are
 * refused with 403 {@code user_suspended}, nothing is minted for them, and their key is
 * disabled at OpenRouter.
 */
@RestController
@RequestMapping(path = "/admin/users/{userId}", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "admin", description = "Operators' view of users' keys: needs a token with the admin scope")
class AdminUserController {

	private final UserSuspension suspension;

	AdminUserController(UserSuspension suspension) {
		this.suspension = suspension;
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
