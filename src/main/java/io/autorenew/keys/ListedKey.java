package io.autorenew.keys;

import java.time.Instant;

/**
 * A key as OpenRouter's {@code GET /keys} lists it: never the key itself.
 *
 * @param hash OpenRouter's identifier
 * @param name the name given at mint time
 * @param label OpenRouter's label, e.g. {@code sk-or-v1-0e6...1c96}
 * @param createdAt when it was created, or {@code null} if OpenRouter did not say
 */
record ListedKey(String hash, String name, String label, Instant createdAt) {

	/** The user id in a name {@code analysis-service:<userId>:<mint id>}, or the whole name. */
	String userId() {
		int end = this.name.lastIndexOf(':');
		return (this.name.startsWith(KeyProvisioner.NAME_PREFIX) && end > KeyProvisioner.NAME_PREFIX.length())
				? this.name.substring(KeyProvisioner.NAME_PREFIX.length(), end) : this.name;
	}

}
