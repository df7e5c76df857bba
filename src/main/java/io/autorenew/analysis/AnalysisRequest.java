package io.autorenew.analysis;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * Body of {@code POST /analysis}. Both fields must be JSON strings (a number or a boolean is
 * not silently turned into text); unknown fields are refused (the application fails on unknown
 * properties, and only OpenRouter's answers opt out of that). Prints no prompt.
 *
 * @param prompt what to analyse: required, not blank, at most {@value #MAX_PROMPT} characters,
 * no control characters but tabs and line breaks
 * @param model an OpenRouter model id such as {@code openai/gpt-4o-mini}; optional
 * @param maxTokens the most completion tokens wanted, a positive JSON integer; optional, and
 * lowered to {@code OPENROUTER_MAX_TOKENS}
 */
record AnalysisRequest(
		@JsonDeserialize(
				using = StrictStringDeserializer.class) @NotBlank @Size(max = MAX_PROMPT) @NoControlCharacters String prompt,
		@JsonDeserialize(using = StrictStringDeserializer.class) @Size(max = 200) @Pattern(
				regexp = MODEL_PATTERN, message = "must look like vendor/model or vendor/model:variant") String model,
		@JsonDeserialize(using = StrictIntegerDeserializer.class) @Positive Integer maxTokens) {

	static final int MAX_PROMPT = 100_000;

	static final String MODEL_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*(:[A-Za-z0-9._-]+)?";

	@Override
	public String toString() {
		return "AnalysisRequest[prompt=(" + (this.prompt == null ? 0 : this.prompt.length()) + " chars), model="
				+ this.model + ", maxTokens=" + this.maxTokens + "]";
	}

}
