package io.autorenew.keys;

import io.autorenew.web.Failure;
import io.autorenew.web.ProblemException;

/** The user has no stored OpenRouter key: 404 {@code key_not_found}, asked by any API. */
public final class KeyNotFoundException extends ProblemException {

	private final String userId;

	public KeyNotFoundException(String userId) {
		super("No OpenRouter key is stored for user " + userId, null);
		this.userId = userId;
	}

	public String userId() {
		return this.userId;
	}

	@Override
	public Failure failure() {
		return Failure.KEY_NOT_FOUND;
	}

	@Override
	public String problemDetail() {
		return "No OpenRouter key is stored for this user.";
	}

}
