package io.autorenew.openai;

/** A chat request the OpenAI-compatible API refuses before anything is spent; the code is the problem's. */
final class InvalidChatRequestException extends RuntimeException {

	private final String code;

	InvalidChatRequestException(String code, String detail) {
		super(detail);
		this.code = code;
	}

	String code() {
		return this.code;
	}

}
