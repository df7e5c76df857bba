package io.autorenew.keys;

import io.autorenew.web.Failure;
import io.autorenew.web.ProblemException;

/**
 * The service has never seen this user, named by an operator: no stored key and no event in
 * the audit trail. 404 {@code user_not_found}.
 */
public final class UnknownUserException extends ProblemException {

	private final String userId;

	public UnknownUserException(String userId) {
		super("The service has never seen user " + userId, null);
		this.userId = userId;
	}

	public String userId() {
		return this.userId;
	}

	@Override
	public Failure failure() {
		return Failure.USER_NOT_FOUND;
	}

	@Override
	public String problemDetail() {
		return "The service has never seen this user (no key, no event): a typo? Add ?create=true to act on it anyway.";
	}

}
