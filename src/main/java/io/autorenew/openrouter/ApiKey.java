package io.autorenew.openrouter;

import java.util.Objects;

/**
 * An OpenRouter API key (a runtime key or the management key). It never prints itself:
 * {@link #toString()} returns the same masked label as {@link #masked()}.
 *
 * @param value the secret itself; read it only to put it in an Authorization header or
 * into the store
 */
public record ApiKey(String value) {

	private static final int VISIBLE = 4;

	private static final int SHORTEST_SHOWN = 8;

	public ApiKey {
		Objects.requireNonNull(value, "value");
		if (value.isBlank()) {
			throw new IllegalArgumentException("An API key must not be blank");
		}
	}

	/**
	 * The key as it may appear in logs and responses: {@code ****} and the last four
	 * characters, or only {@code ****} for keys shorter than eight characters.
	 */
	public String masked() {
		return mask(this.value);
	}

	/** Masks any secret-looking value the same way {@link #masked()} does. */
	public static String mask(String secret) {
		if (secret == null || secret.length() < SHORTEST_SHOWN) {
			return "****";
		}
		return "****" + secret.substring(secret.length() - VISIBLE);
	}

	public String bearer() {
		return "Bearer " + this.value;
	}

	@Override
	public String toString() {
		return masked();
	}

}
