package io.autorenew.support;

import java.util.ArrayList;
import java.util.List;

import io.autorenew.openrouter.ApiKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Asserts that a value's {@code toString()}, or an exception and its causes, show no secret. */
public final class PrintsNoSecret {

	private PrintsNoSecret() {
	}

	/** Fails, showing the secret masked only, if {@code value}'s {@code toString()} shows a secret. */
	public static void assertPrintsNo(Object value, String... secrets) {
		assertThat(value).isNotNull();
		assertTextHasNo(value.getClass().getName() + ".toString()", value.toString(), secrets);
	}

	/** The same for an exception: its message and {@code toString()}, and those of every cause. */
	public static void assertThrowablePrintsNo(Throwable thrown, String... secrets) {
		assertThat(thrown).isNotNull();
		List<Throwable> seen = new ArrayList<>();
		for (Throwable each = thrown; each != null && !seen.contains(each); each = each.getCause()) {
			seen.add(each);
			assertTextHasNo(each.getClass().getName() + " (thrown: " + thrown.getClass().getSimpleName() + ")",
					each + "\n" + each.getMessage() + "\n" + each.getLocalizedMessage(), secrets);
		}
	}

	/** Fails if {@code text} holds a secret, or an OpenRouter key's part after its {@code sk-or-v1-} prefix. */
	public static void assertTextHasNo(String what, String text, String... secrets) {
		List<String> all = new ArrayList<>();
		for (String secret : secrets) {
			all.add(secret);
			if (secret.startsWith("sk-or-v1-")) {
				all.add(secret.substring("sk-or-v1-".length()));
			}
		}
		for (String secret : all) {
			if (text.contains(secret)) {
				fail(what + " shows the secret " + ApiKey.mask(secret) + ": "
						+ text.replace(secret, ApiKey.mask(secret)));
			}
		}
	}

}
