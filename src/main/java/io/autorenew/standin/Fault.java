package io.autorenew.standin;

import java.time.Duration;

/**
 * What the stand-in does to one coming request instead of, or before, answering it as
 * OpenRouter would: answer an error status with OpenRouter's error body, drop the connection
 * without an answer, or wait first.
 */
public sealed interface Fault {

	/** OpenRouter's error body with this status and message, e.g. 429 or 503. */
	static Fault status(int status, String message) {
		return new Status(status, message);
	}

	/** The connection closes without an answer. */
	static Fault drop() {
		return new Drop();
	}

	/** The request is answered as usual, {@code duration} later. */
	static Fault delay(Duration duration) {
		return new Delay(duration);
	}

	/** Answers {@code status} with OpenRouter's error body. */
	record Status(int status, String message) implements Fault {
	}

	/** Closes the connection without an answer. */
	record Drop() implements Fault {
	}

	/** Answers as usual after {@code duration}. */
	record Delay(Duration duration) implements Fault {
	}

}
