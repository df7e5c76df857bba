package io.autorenew.openrouter;

/**
 * The service's codes for an error OpenRouter reports inside a stream (a chunk with an
 * {@code error} object, whose {@code code} is an HTTP status), the same as for the status
 * before a stream: what the caller can do about it, never OpenRouter's own message.
 */
public final class StreamErrors {

	private StreamErrors() {
	}

	public static String code(int status) {
		return switch (status) {
			case 402 -> "credits_exhausted";
			case 403 -> "content_blocked";
			case 408, 504, 524 -> "upstream_timeout";
			case 429 -> "upstream_rate_limited";
			default -> "upstream_error";
		};
	}

	public static String detail(int status) {
		return switch (status) {
			case 402 -> "The OpenRouter credits or the key's spending limit ran out during the answer.";
			case 403 -> "OpenRouter's moderation or guardrails stopped the answer.";
			case 408, 504, 524 -> "OpenRouter's provider timed out during the answer.";
			case 429 -> "OpenRouter's provider is rate limiting; try again later.";
			default -> "OpenRouter failed during the answer.";
		};
	}

}
