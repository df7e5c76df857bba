package io.autorenew.analysis;

import java.util.Map;

import io.autorenew.gateway.Gateway;
import io.autorenew.openrouter.ChatCompletion;
import io.autorenew.openrouter.ChatRequest;
import io.autorenew.openrouter.OpenRouterProperties;
import io.autorenew.renewal.OpenRouterGate.KeyedResult;
import io.autorenew.renewal.OpenRouterGate;
import io.autorenew.spend.Spend;
import io.autorenew.spend.SpendMeter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.ObjectMapper;

import org.springframework.stereotype.Service;

/** Runs one analysis through OpenRouter with the caller's own key; the spend ledger names it {@code analysis}. */
@Service
class AnalysisService {

	private static final String API = "analysis";

	private final OpenRouterGate openRouter;

	private final OpenRouterProperties properties;

	private final ObjectMapper json;

	private final Gateway gateway;

	private final Spend spend;

	AnalysisService(OpenRouterGate openRouter, OpenRouterProperties properties, ObjectMapper json,
			Gateway gateway, Spend spend) {
		this.openRouter = openRouter;
		this.properties = properties;
		this.json = json;
		this.gateway = gateway;
		this.spend = spend;
	}

	AnalysisResult analyse(String userId, AnalysisRequest request) {
		String model = model(request);
		int maxTokens = this.properties.maxTokensFor(request.maxTokens());
		KeyedResult<ChatCompletion> answer = this.openRouter.complete(userId,
				ChatRequest.of(model, request.prompt(), maxTokens));
		ChatCompletion completion = answer.value();
		SpendMeter meter = this.spend.meter(userId, API, answer.keyLabel());
		meter.see(completion.answer());
		meter.finish(SpendMeter.OK);
		return new AnalysisResult(completion.id(), (completion.model() != null) ? completion.model() : model,
				completion.content().orElseThrow(),
				new AnalysisResult.Usage(completion.tokens("prompt_tokens"), completion.tokens("completion_tokens"),
						completion.tokens("total_tokens")),
				maxTokens, answer.keyProvisioned(), answer.keyRenewed());
	}

	/**
	 * Streams one analysis as Server-Sent Events. Everything that can fail before the first
	 * byte (the model, the key, a first mint, a 401 and its renewal, OpenRouter refusing)
	 * throws before the response is started, so it is the usual problem; after that, failures
	 * are {@code event: error}. A client that goes away ends the relay and cancels OpenRouter's
	 * stream (closing it).
	 */
	void stream(String userId, AnalysisRequest request, HttpServletRequest servletRequest, HttpServletResponse response)
			throws InterruptedException {
		String model = model(request);
		int maxTokens = this.properties.maxTokensFor(request.maxTokens());
		byte[] body = this.json.writeValueAsBytes(ChatRequest.of(model, request.prompt(), maxTokens).streaming());
		this.gateway.relay(API, userId, "chat completion", "/chat/completions", body, Map.of(), servletRequest, response,
				(out, json, upstream) -> new AnalysisStream(out, json, model, maxTokens, upstream));
	}

	private String model(AnalysisRequest request) {
		return this.gateway.allowedModel((request.model() != null) ? request.model() : this.properties.defaultModel());
	}

}
