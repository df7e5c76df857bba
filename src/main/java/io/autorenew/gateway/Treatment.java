package io.autorenew.gateway;

/**
 * What the request policy does with one field, header value or part of a request. A
 * treatment bounds what one request can spend; the money bound is the user's budget, kept by
 * OpenRouter on the user's key.
 */
public enum Treatment {

	/** Sent on as written (after a check of its JSON type). */
	FORWARD,

	/** Sent on, lowered to a cap (or filled in with the cap when it is left out). */
	BOUND,

	/** Accepted and not sent on; named in {@code X-Dropped}. The operator may allow some. */
	DROP,

	/** Answered 400 in the API's own error shape, naming the field; nothing goes upstream. */
	REFUSE;

	/** The name docs and tables show. */
	public String label() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
