package io.autorenew.openrouter;

/**
 * A failed OpenRouter call. It carries the operation and the upstream status, never a key,
 * a prompt or an upstream body, so its message is safe to log.
 */
public class OpenRouterException extends RuntimeException {

	/** Status used when no HTTP response was received. */
	public static final int NO_RESPONSE = 0;

	private final String operation;

	private final int status;

	public OpenRouterException(String operation, int status, String reason, Throwable cause) {
		super("OpenRouter " + operation + " failed: " + (status == NO_RESPONSE ? "no response" : "status " + status)
				+ (reason == null ? "" : " (" + reason + ")"), cause);
		this.operation = operation;
		this.status = status;
	}

	public String operation() {
		return this.operation;
	}

	/** The upstream HTTP status, or {@link #NO_RESPONSE}. */
	public int status() {
		return this.status;
	}

}
