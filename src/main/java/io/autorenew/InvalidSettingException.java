package io.autorenew;

/** A required setting is missing or unusable; its message tells the operator what to set. */
public final class InvalidSettingException extends RuntimeException {

	public InvalidSettingException(String message) {
		super(message);
	}

}
