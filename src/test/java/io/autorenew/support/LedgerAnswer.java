package io.autorenew.support;

/** A status and JSON body the {@link OpenRouterLedger} answers with. */
record LedgerAnswer(int status, String body) {

	/** OpenRouter's error body: {@code {"error":{"code":…,"message":…}}}. */
	static LedgerAnswer error(int status, String message) {
		return new LedgerAnswer(status, OpenRouterStub.errorBody(status, message));
	}

	/** What OpenRouter answers a runtime key it does not (or no longer) accept. */
	static LedgerAnswer userNotFound() {
		return error(401, "User not found.");
	}

}
