package io.autorenew.standin;

/**
 * A request the {@link OpenRouterStandIn} refuses, answered as OpenRouter's error body
 * {@code {"error":{"code":status,"message":message}}}. The message never holds a key.
 */
final class StandInException extends RuntimeException {

	private final int status;

	StandInException(int status, String message) {
		super(message, null, false, false);
		this.status = status;
	}

	static StandInException badRequest(String message) {
		return new StandInException(400, message);
	}

	static StandInException unauthorized(String message) {
		return new StandInException(401, message);
	}

	static StandInException notFound() {
		return new StandInException(404, "Not Found");
	}

	int status() {
		return this.status;
	}

}
