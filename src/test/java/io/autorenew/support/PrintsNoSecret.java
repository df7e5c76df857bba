package io.autorenew.support;

import io.autorenew.openrouter.ApiKey;

import static org.assertj.core.api.Assertions.fail;

/** Asserts that a value's {@code toString()} does not show a secret. */
public final class PrintsNoSecret {

	private PrintsNoSecret() {
	}

	/** Fails, showing the secret masked only, if {@code value}'s {@code toString()} shows it. */
	public static void assertPrintsNo(Object value, String secret) {
		String text = String.valueOf(value);
		if (text.contains(secret)) {
			fail(value.getClass().getName() + ".toString() shows the secret " + ApiKey.mask(secret) + ": "
					+ text.replace(secret, ApiKey.mask(secret)));
		}
	}

}
