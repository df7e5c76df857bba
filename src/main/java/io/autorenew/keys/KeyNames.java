package io.autorenew.keys;

import java.util.UUID;

/**
 * How the service names the runtime keys it mints: {@code analysis-service:<userId>:<mint id>}.
 * The prefix marks a key as this service's (the reconciler touches no other key); the user
 * id says whose it is in OpenRouter's dashboard and audit.
 */
final class KeyNames {

	/** Names of keys this service mints start with this. */
	static final String PREFIX = "analysis-service:";

	private KeyNames() {
	}

	/** A fresh name for a key minted for {@code userId}. */
	static String forUser(String userId) {
		return PREFIX + userId + ":" + UUID.randomUUID();
	}

	/** Whether a key of this name was minted by this service. */
	static boolean isOurs(String name) {
		return name.startsWith(PREFIX);
	}

	/** The user id in a name this service gave, or the whole name for any other. */
	static String userOf(String name) {
		int end = name.lastIndexOf(':');
		return (isOurs(name) && end > PREFIX.length()) ? name.substring(PREFIX.length(), end) : name;
	}

}
