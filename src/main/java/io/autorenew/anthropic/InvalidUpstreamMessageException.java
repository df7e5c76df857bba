package io.autorenew.anthropic;

/** OpenRouter answered 200 with a body that is not an Anthropic message: 502 {@code upstream_invalid}. */
final class InvalidUpstreamMessageException extends RuntimeException {

	InvalidUpstreamMessageException() {
		super("OpenRouter's answer is not a message.");
	}

}
