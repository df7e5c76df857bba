package io.autorenew.demo;

/**
 * A request the {@link OpenRouterSimulator} refuses, answered as OpenRouter's error body
 * {@code {"error":{"code":status,"message":message}}}. The message never holds a key.
 */
final class SimulatorException extends RuntimeException {

	private final int status;

	SimulatorException(int status, String message) {
		super(message, null, false, false);
		this.status = status;
	}

	static SimulatorException badRequest(String message) {
		return new SimulatorException(400, message);
	}

	static SimulatorException unauthorized(String message) {
		return new SimulatorException(401, message);
	}

	static SimulatorException notFound() {
		return new SimulatorException(404, "Not Found");
	}

	int status() {
		return this.status;
	}

}
