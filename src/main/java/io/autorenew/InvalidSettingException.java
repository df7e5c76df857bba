package io.autorenew;

/** A required setting is missing or unusable; its message tells the operator what to set. */
public final class InvalidSettingException extends RuntimeException {

	private static final String SET_IT = "Set the environment variable named above and start again.";

	private final String action;

	public InvalidSettingException(String message) {
		this(message, SET_IT);
	}

	/** A setting that is well-formed but cannot be used now, with what to do about it. */
	public InvalidSettingException(String message, String action) {
		super(message);
		this.action = action;
	}

	/** What the operator should do. */
	public String action() {
		return this.action;
	}

}
