package io.autorenew.web;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8ValidatorTests {

	@ParameterizedTest
	@ValueSource(strings = { "plain", "café", "日本語", "emoji 😀", "\u007f", "\uffff", "\uD83D\uDE00 pair" })
	void acceptsWellFormedText(String text) {
		assertThat(valid(text.getBytes(StandardCharsets.UTF_8))).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "C0AF", "C180", "E08080", "EDA080", "EDBFBF", "F08080", "F4908080", "F5", "FF", "80",
			"C3", "E3 81", "E281", "F09F98" })
	void refusesMalformedSequences(String hex) {
		assertThat(valid(bytes(hex))).as(hex).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "C280", "DFBF", "E0A080", "ED9FBF", "EE8080", "F0908080", "F48FBFBF" })
	void acceptsTheFirstAndLastValidSequences(String hex) {
		assertThat(valid(bytes(hex))).as(hex).isTrue();
	}

	private static boolean valid(byte[] bytes) {
		Utf8Validator validator = new Utf8Validator();
		for (byte b : bytes) {
			if (!validator.accept(b & 0xFF)) {
				return false;
			}
		}
		return validator.complete();
	}

	private static byte[] bytes(String hex) {
		String digits = hex.replace(" ", "");
		byte[] bytes = new byte[digits.length() / 2];
		for (int i = 0; i < bytes.length; i++) {
			bytes[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
		}
		return bytes;
	}

}
