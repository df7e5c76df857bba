package io.autorenew.analysis;

import java.io.IOException;

import io.autorenew.keys.KeyRenewingOpenRouterClient;
import io.autorenew.keys.KeyRenewingOpenRouterClient.KeyedResult;
import io.autorenew.openrouter.OpenRouterClient.ChatCompletion;
import io.autorenew.openrouter.OpenRouterClient.ChatRequest;
import io.autorenew.openrouter.StreamRelay;
import io.autorenew.openrouter.OpenRouterClient.ChatUsage;
import io.autorenew.openrouter.OpenRouterProperties;
import io.autorenew.web.SseWriter;
import io.autorenew.web.StreamPermits;
import io.autorenew.web.StreamProperties;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;

import org.springframework.stereotype.Service;

/** Runs one analysis through OpenRouter with the caller's own key. */
@Service
class AnalysisService {

	private static final Logger log = LoggerFactory.getLogger(AnalysisService.class);

	private final KeyRenewingOpenRouterClient openRouter;

	private final OpenRouterProperties properties;

	private final ObjectMapper json;

	private final StreamPermits permits;

	private final StreamProperties streams;

	AnalysisService(KeyRenewingOpenRouterClient openRouter, OpenRouterProperties properties, ObjectMapper json,
			StreamPermits permits, StreamProperties streams) {
		this.openRouter = openRouter;
		this.properties = properties;
		this.json = json;
		this.permits = permits;
		this.streams = streams;
	}

	AnalysisResult analyse(String userId, AnalysisRequest request) {
		String model = model(request);
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

	/**
	 * Streams one analysis as Server-Sent Events. Everything that can fail before the first
	 * byte (the model, the key, a first mint, a 401 and its renewal, OpenRouter refusing)
	 * throws before the response is started, so it is the usual problem; after that, failures
	 * are {@code event: error}. A client that goes away ends the relay and cancels OpenRouter's
	 * stream (closing it).
	 */
	void stream(String userId, AnalysisRequest request, HttpServletResponse response) throws InterruptedException {
		String model = model(request);
		int maxTokens = this.properties.maxTokensFor(request.maxTokens());
		byte[] body = this.json.writeValueAsBytes(ChatRequest.of(model, request.prompt(), maxTokens).streaming());
		try (StreamPermits.Permit permit = this.permits.acquire(userId)) {
			KeyedResult<StreamRelay> upstream = this.openRouter.stream(userId, body);
			try (StreamRelay stream = upstream.value()) {
				SseWriter out = SseWriter.start(response);
				stream.relay(this.properties.streamHeartbeat(), this.properties.readTimeout(),
						this.streams.maxDuration(), new AnalysisStream(out, this.json, model, maxTokens, upstream));
			}
		}
		catch (IOException clientGone) {
			// Writing to the caller failed: it went away. Closing the stream cancelled OpenRouter's.
			log.debug("Analysis stream of user {} ended: the caller went away", userId);
		}
	}

	private String model(AnalysisRequest request) {
		String model = (request.model() != null) ? request.model() : this.properties.defaultModel();
		if (!this.properties.allows(model)) {
			throw new InvalidModelException();
		}
		return model;
	}

}
