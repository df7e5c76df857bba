package io.autorenew.web;

/**
 * Checks, byte by byte, that a stream is well-formed UTF-8 (RFC 3629): no overlong forms,
 * no encoded surrogates, nothing above U+10FFFF, no truncated sequence. JSON parsers are
 * lenient about some of these; a request body that is not valid UTF-8 is refused instead.
 */
final class Utf8Validator {

	private int remaining;

	private int lower = 0x80;

	private int upper = 0xBF;

	/** Feeds one byte; {@code false} once the stream is malformed. */
	boolean accept(int b) {
		if (this.remaining == 0) {
			if (b <= 0x7F) {
				return true;
			}
			if (b >= 0xC2 && b <= 0xDF) {
				return expect(1, 0x80, 0xBF);
			}
			if (b >= 0xE0 && b <= 0xEF) {
				return expect(2, (b == 0xE0) ? 0xA0 : 0x80, (b == 0xED) ? 0x9F : 0xBF);
			}
			if (b >= 0xF0 && b <= 0xF4) {
				return expect(3, (b == 0xF0) ? 0x90 : 0x80, (b == 0xF4) ? 0x8F : 0xBF);
			}
			return false;
		}
		if (b < this.lower || b > this.upper) {
			return false;
		}
		this.remaining--;
		this.lower = 0x80;
		this.upper = 0xBF;
		return true;
	}

	/** Whether the stream ended between characters. */
	boolean complete() {
		return this.remaining == 0;
	}

	private boolean expect(int continuation, int firstLower, int firstUpper) {
		this.remaining = continuation;
		this.lower = firstLower;
		this.upper = firstUpper;
		return true;
	}

}
