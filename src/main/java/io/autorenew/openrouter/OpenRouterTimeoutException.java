package io.autorenew.openrouter;

/** OpenRouter did not answer within the client's read timeout. */
public final class OpenRouterTimeoutException extends OpenRouterException {

	public OpenRouterTimeoutException(String operation, Throwable cause) {
		super(operation, NO_RESPONSE, "timed out", cause);
	}

}
