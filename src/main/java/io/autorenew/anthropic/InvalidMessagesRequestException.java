package io.autorenew.anthropic;

/**
 * A Messages request refused before anything is spent: the problem's code, and the request
 * field at fault ({@code null} for the body as a whole).
 */
final class InvalidMessagesRequestException extends RuntimeException {

	private final String code;

	private final String field;

	InvalidMessagesRequestException(String code, String field, String detail) {
		super(detail);
		this.code = code;
		this.field = field;
	}

	String code() {
		return this.code;
	}

	String field() {
		return this.field;
	}

}
