package io.autorenew.analysis;

/** The request names a model this service does not offer ({@code OPENROUTER_ALLOWED_MODELS}). */
final class InvalidModelException extends RuntimeException {

	InvalidModelException() {
		super("Model not allowed");
	}

}
