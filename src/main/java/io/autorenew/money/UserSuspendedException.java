package io.autorenew.money;

import io.autorenew.web.ProblemException;

import org.springframework.http.HttpStatus;

/** An operator suspended the user: 403 {@code user_suspended}, and nothing is minted for them. */
public final class UserSuspendedException extends ProblemException {

	public UserSuspendedException(String userId) {
		super("User " + userId + " is suspended", null);
	}

	@Override
	public HttpStatus problemStatus() {
		return HttpStatus.FORBIDDEN;
	}

	@Override
	public String problemCode() {
		return "user_suspended";
	}

	@Override
	public String problemTitle() {
		return "User suspended";
	}

	@Override
	public String problemDetail() {
		return "An operator suspended this user; ask them to resume it.";
	}

}
