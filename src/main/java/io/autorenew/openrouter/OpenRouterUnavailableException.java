package io.autorenew.openrouter;

/**
 * OpenRouter could not answer: a 5xx or 408, a refused or reset connection, or a body that
 * is not what the API promises. Worth retrying later.
 */
public final class OpenRouterUnavailableException extends OpenRouterException {

	public OpenRouterUnavailableException(String operation, int status, String reason, Throwable cause) {
		super(operation, status, reason, cause);
	}

}
