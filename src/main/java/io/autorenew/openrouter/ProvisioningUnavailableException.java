package io.autorenew.openrouter;

import java.time.Duration;

import io.autorenew.web.Failure;
import io.autorenew.web.ProblemException;

/**
 * A key could not be minted or deleted because OpenRouter's key-management API failed:
 * 503 {@code provisioning_unavailable}. Callers are told to come back after
 * {@link #retryAfter()}.
 */
public class ProvisioningUnavailableException extends ProblemException {

	public ProvisioningUnavailableException(String message, Duration retryAfter, Throwable cause) {
		super(message, cause, retryAfter);
	}

	@Override
	public Failure failure() {
		return Failure.PROVISIONING_UNAVAILABLE;
	}

	@Override
	public String problemDetail() {
		return "OpenRouter's key management is unavailable; try again later.";
	}

}
