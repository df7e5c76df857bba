package io.autorenew.openai;

/** OpenRouter answered 200 with a body that is not a chat completion: 502 {@code upstream_invalid}. */
final class InvalidUpstreamAnswerException extends RuntimeException {

	InvalidUpstreamAnswerException() {
		super("OpenRouter's answer is not a chat completion.");
	}

}
