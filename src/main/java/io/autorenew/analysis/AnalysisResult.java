package io.autorenew.analysis;

/**
 * Answer of {@code POST /analysis}.
 *
 * @param id OpenRouter's generation id
 * @param model the model that answered
 * @param analysis the assistant's text
 * @param usage token counts
 * @param keyProvisioned the caller had no OpenRouter key and got a first one during this request
 * @param keyRenewed the caller's key was rejected and replaced during this request
 */
record AnalysisResult(String id, String model, String analysis, Usage usage, boolean keyProvisioned,
		boolean keyRenewed) {

	record Usage(long promptTokens, long completionTokens, long totalTokens) {
	}

}
