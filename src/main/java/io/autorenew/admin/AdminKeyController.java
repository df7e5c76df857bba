package io.autorenew.admin;

import io.autorenew.keys.KeyNotFoundException;
import io.autorenew.keys.UnknownUserException;
import io.autorenew.keys.audit.KeyEventPage;
import io.autorenew.money.UserSuspension;
import io.autorenew.renewal.KeyRenewer;
import io.autorenew.renewal.KeyStatus;
import io.autorenew.renewal.KeyStatusService;
import io.autorenew.web.Failure;
import io.autorenew.web.ProblemCodes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators' view of users' keys (admin scope only, see the security configuration). A
 * forced rotation goes through the same {@link KeyRenewer} as automatic renewal.
 */
@RestController
@RequestMapping(path = "/admin/users/{userId}/openrouter-key", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "admin", description = "Operators' view of users' keys: needs a token with the admin scope")
class AdminKeyController {

	/** An HS256 {@code sub} (up to 128 characters) or an issuer user's id ({@code oidc-<8 hex>:<sub>}). */
	static final String USER_ID = "[A-Za-z0-9._@|:-]{1,142}";

	private final KeyRenewer renewer;

	private final KeyStatusService keys;

	private final UserSuspension suspension;

	AdminKeyController(KeyRenewer renewer, KeyStatusService keys, UserSuspension suspension) {
		this.renewer = renewer;
		this.keys = keys;
		this.suspension = suspension;
	}

	/**
	 * Mints a new key for the user in place of the current one. A user the service has never
	 * seen gets a first key only with {@code ?create=true}, so that a typo mints nothing.
	 */
	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Force-provision (rotate) a user's key",
			description = "Mints a new key in place of the current one, which is deleted at OpenRouter once the new "
					+ "one is saved. A user the service has never seen needs `?create=true`. A suspended user's new key "
					+ "is minted and disabled at once, so it works only after `…/resume`.")
	@ProblemCodes({ Failure.INVALID_REQUEST, Failure.FORBIDDEN, Failure.USER_NOT_FOUND, Failure.STORE_UNAVAILABLE, Failure.PROVISIONING_UNAVAILABLE,
			Failure.PROVISIONING_NOT_CONFIGURED })
	KeyStatus forceProvision(@PathVariable @Pattern(regexp = USER_ID) String userId,
			@RequestParam(defaultValue = "false") boolean create) {
		if (!create && !this.keys.knows(userId)) {
			throw new UnknownUserException(userId);
		}
		this.renewer.forceProvision(userId);
		this.suspension.disableIfSuspended(userId);
		return status(userId);
	}

	@GetMapping
	@Operation(summary = "A user's key status, masked")
	@ProblemCodes({ Failure.INVALID_REQUEST, Failure.FORBIDDEN, Failure.KEY_NOT_FOUND, Failure.STORE_UNAVAILABLE })
	KeyStatus status(@PathVariable @Pattern(regexp = USER_ID) String userId) {
		return this.keys.status(userId).orElseThrow(() -> new KeyNotFoundException(userId));
	}

	@DeleteMapping
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Delete a user's key", description = "Deletes the key at OpenRouter and in the store; "
			+ "the user's next call mints a new one.")
	@ProblemCodes({ Failure.INVALID_REQUEST, Failure.FORBIDDEN, Failure.KEY_NOT_FOUND, Failure.STORE_UNAVAILABLE })
	void delete(@PathVariable @Pattern(regexp = USER_ID) String userId) {
		this.renewer.delete(userId);
	}

	@GetMapping("/events")
	@Operation(summary = "A user's key audit trail, newest first",
			description = "A user the service has never seen is 404 `user_not_found`.")
	@ProblemCodes({ Failure.INVALID_REQUEST, Failure.FORBIDDEN, Failure.USER_NOT_FOUND, Failure.STORE_UNAVAILABLE })
	KeyEventPage events(@PathVariable @Pattern(regexp = USER_ID) String userId,
			@RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
		if (!this.keys.knows(userId)) {
			throw new UnknownUserException(userId);
		}
		return this.keys.events(userId, page, size);
	}

}
