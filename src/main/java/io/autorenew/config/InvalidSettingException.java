package io.autorenew.config;

/** A required setting is missing or unusable; its message tells the operator what to set. */
final class InvalidSettingException extends RuntimeException {

	InvalidSettingException(String message) {
		super(message);
	}

}
