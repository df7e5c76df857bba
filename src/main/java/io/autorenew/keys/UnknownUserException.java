package io.autorenew.keys;

/** The service has never seen this user: no stored key and no event in the audit trail. */
public final class UnknownUserException extends RuntimeException {

	private final String userId;

	public UnknownUserException(String userId) {
		super("The service has never seen user " + userId);
		this.userId = userId;
	}

	public String userId() {
		return this.userId;
	}

}
