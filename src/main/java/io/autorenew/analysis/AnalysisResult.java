package io.autorenew.analysis;

/**
 * Answer of {@code POST /analysis}.
 *
 * @param id OpenRouter's generation id
 * @param model the model that answered
 * @param analysis the assistant's text
 * @param usage token counts
 * @param maxTokens the {@code max_tokens} sent to OpenRouter: the caller's value lowered to the
 * cap, or the cap
 * @param keyProvisioned the caller had no OpenRouter key and got a first one during this request
 * @param keyRenewed the caller's key was rejected and replaced during this request
 */
record AnalysisResult(String id, String model, String analysis, Usage usage, int maxTokens, boolean keyProvisioned,
		boolean keyRenewed) {

	record Usage(long promptTokens, long completionTokens, long totalTokens) {
	}

}
