package io.autorenew.analysis;

import io.autorenew.keys.KeyRenewingOpenRouterClient;
import io.autorenew.keys.KeyRenewingOpenRouterClient.KeyedResult;
import io.autorenew.openrouter.ChatCompletion;
import io.autorenew.openrouter.ChatRequest;
import io.autorenew.openrouter.ChatUsage;
import io.autorenew.openrouter.OpenRouterProperties;

import org.springframework.stereotype.Service;

/** Runs one analysis through OpenRouter with the caller's own key. */
@Service
class AnalysisService {

	private final KeyRenewingOpenRouterClient openRouter;

	private final OpenRouterProperties properties;

	AnalysisService(KeyRenewingOpenRouterClient openRouter, OpenRouterProperties properties) {
		this.openRouter = openRouter;
		this.properties = properties;
	}

	AnalysisResult analyse(String userId, AnalysisRequest request) {
		String model = (request.model() != null) ? request.model() : this.properties.defaultModel();
		if (!this.properties.allows(model)) {
			throw new InvalidModelException();
		}
		int maxTokens = this.properties.maxTokensFor(request.maxTokens());
		KeyedResult<ChatCompletion> answer = this.openRouter.complete(userId,
				ChatRequest.of(model, request.prompt(), maxTokens));
		ChatCompletion completion = answer.value();
		ChatUsage usage = (completion.usage() != null) ? completion.usage() : ChatUsage.NONE;
		return new AnalysisResult(completion.id(), (completion.model() != null) ? completion.model() : model,
				completion.content().orElseThrow(),
				new AnalysisResult.Usage(usage.promptTokens(), usage.completionTokens(), usage.totalTokens()),
				maxTokens, answer.keyProvisioned(), answer.keyRenewed());
	}

}
