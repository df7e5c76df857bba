package io.autorenew.keys;

import io.autorenew.web.Problems;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A user with no stored key, asked about by any API, is a 404 {@code key_not_found}; a user
 * the service has never seen, named by an operator, a 404 {@code user_not_found}.
 */
@RestControllerAdvice
@Order(0)
class KeyProblemAdvice {

	@ExceptionHandler(KeyNotFoundException.class)
	ResponseEntity<Object> keyNotFound(KeyNotFoundException ex) {
		return Problems.response(Problems.problem(HttpStatus.NOT_FOUND, "key_not_found", "Key not found",
				"No OpenRouter key is stored for this user."), null);
	}

	@ExceptionHandler(UnknownUserException.class)
	ResponseEntity<Object> unknownUser(UnknownUserException ex) {
		return Problems.response(Problems.problem(HttpStatus.NOT_FOUND, "user_not_found", "User not found",
				"The service has never seen this user (no key, no event): a typo? Add ?create=true to act on it anyway."), null);
	}

}
