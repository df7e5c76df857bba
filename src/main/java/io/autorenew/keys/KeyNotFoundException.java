package io.autorenew.keys;

/** The user has no stored OpenRouter key. */
public final class KeyNotFoundException extends RuntimeException {

	private final String userId;

	public KeyNotFoundException(String userId) {
		super("No OpenRouter key is stored for user " + userId);
		this.userId = userId;
	}

	public String userId() {
		return this.userId;
	}

}
