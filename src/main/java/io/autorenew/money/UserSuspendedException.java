package io.autorenew.money;

import io.autorenew.web.Failure;
import io.autorenew.web.ProblemException;

/** An operator suspended the user: 403 {@code user_suspended}, and nothing is minted for them. */
public final class UserSuspendedException extends ProblemException {

	public UserSuspendedException(String userId) {
		super("User " + userId + " is suspended", null);
	}

	@Override
	public Failure failure() {
		return Failure.USER_SUSPENDED;
	}

	@Override
	public String problemDetail() {
		return "An operator suspended this user; ask them to resume it.";
	}

}
