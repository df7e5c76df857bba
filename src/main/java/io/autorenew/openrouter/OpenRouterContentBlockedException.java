package io.autorenew.openrouter;

/**
 * OpenRouter answered 403 for a reason other than a key limit: moderation or a guardrail
 * blocked the content. Neither retrying nor a new key would help.
 */
public final class OpenRouterContentBlockedException extends OpenRouterException {

	public OpenRouterContentBlockedException(String operation) {
		super(operation, 403, "content blocked", null);
	}

}
