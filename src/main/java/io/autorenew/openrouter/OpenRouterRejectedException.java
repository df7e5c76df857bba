package io.autorenew.openrouter;

/**
 * OpenRouter refused the request itself (400, 403 other than a key limit, 404, 413, 422):
 * retrying or renewing would not help.
 */
public final class OpenRouterRejectedException extends OpenRouterException {

	public OpenRouterRejectedException(String operation, int status) {
		super(operation, status, "request rejected", null);
	}

}
