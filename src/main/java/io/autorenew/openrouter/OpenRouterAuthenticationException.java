package io.autorenew.openrouter;

/** OpenRouter answered 401: the key is unknown, expired, disabled or deleted. */
public final class OpenRouterAuthenticationException extends OpenRouterException {

	public OpenRouterAuthenticationException(String operation) {
		super(operation, 401, "key rejected", null);
	}

}
