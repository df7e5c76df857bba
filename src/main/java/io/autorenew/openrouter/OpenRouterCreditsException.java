package io.autorenew.openrouter;

/**
 * OpenRouter answered 402, or 403 saying the key's limit is exceeded. A new key would not
 * help: never mint for this.
 */
public final class OpenRouterCreditsException extends OpenRouterException {

	public OpenRouterCreditsException(String operation, int status) {
		super(operation, status, "credits or key limit exhausted", null);
	}

}
