package io.autorenew.admin;

import io.autorenew.keys.KeyNotFoundException;
import io.autorenew.keys.KeyRenewer;
import io.autorenew.keys.KeyStatus;
import jakarta.validation.constraints.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators' view of users' keys (admin scope only, see the security configuration). A
 * forced rotation goes through the same {@link KeyRenewer} as automatic renewal.
 */
@RestController
@RequestMapping(path = "/admin/users/{userId}/openrouter-key", produces = MediaType.APPLICATION_JSON_VALUE)
class AdminKeyController {

	static final String USER_ID = "[A-Za-z0-9._@|:-]{1,128}";

	private final KeyRenewer keys;

	AdminKeyController(KeyRenewer keys) {
		this.keys = keys;
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	KeyStatus forceProvision(@PathVariable @Pattern(regexp = USER_ID) String userId) {
		return KeyStatus.of(this.keys.forceProvision(userId));
	}

	@GetMapping
	KeyStatus status(@PathVariable @Pattern(regexp = USER_ID) String userId) {
		return this.keys.find(userId).map(KeyStatus::of).orElseThrow(() -> new KeyNotFoundException(userId));
	}

	@DeleteMapping
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable @Pattern(regexp = USER_ID) String userId) {
		this.keys.delete(userId);
	}

}
