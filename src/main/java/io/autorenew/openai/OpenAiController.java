package io.autorenew.openai;

import java.io.IOException;

import io.autorenew.keys.KeyRenewingOpenRouterClient;
import io.autorenew.keys.KeyRenewingOpenRouterClient.KeyedResult;
import io.autorenew.openrouter.ChatStream;
import io.autorenew.openrouter.OpenRouterProperties;
import io.autorenew.web.SseWriter;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The OpenAI-compatible API: OpenAI SDKs point their base URL at {@code /v1} and send the
 * user's JWT as their API key. Chat requests go to OpenRouter with that user's own key, with
 * the same provisioning, renewal, allow-list, token cap, rate limit and errors (in OpenAI's
 * shape) as {@code /analysis}; OpenRouter's answers pass through as they are.
 */
@RestController
@RequestMapping("/v1")
class OpenAiController {

	private static final Logger log = LoggerFactory.getLogger(OpenAiController.class);

	private final KeyRenewingOpenRouterClient openRouter;

	private final OpenRouterProperties properties;

	private final ModelList models;

	private final ObjectMapper json;

	OpenAiController(KeyRenewingOpenRouterClient openRouter, OpenRouterProperties properties, ModelList models,
			ObjectMapper json) {
		this.openRouter = openRouter;
		this.properties = properties;
		this.models = models;
		this.json = json;
	}

	@PostMapping(path = "/chat/completions", consumes = MediaType.APPLICATION_JSON_VALUE)
	void completions(Authentication user, @RequestBody JsonNode body, HttpServletResponse response)
			throws IOException, InterruptedException {
		ObjectNode request = ChatRequests.bounded(body, this.properties);
		byte[] bytes = this.json.writeValueAsBytes(request);
		if (!ChatRequests.streams(request)) {
			KeyedResult<byte[]> answer = this.openRouter.completeRaw(user.getName(), bytes);
			response.setStatus(HttpServletResponse.SC_OK);
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			response.setContentLength(answer.value().length);
			response.getOutputStream().write(answer.value());
			return;
		}
		KeyedResult<ChatStream> upstream = this.openRouter.stream(user.getName(), bytes);
		try (ChatStream stream = upstream.value()) {
			SseWriter out = SseWriter.start(response);
			stream.relay(this.properties.streamHeartbeat(), this.properties.readTimeout(), new PassThroughStream(out));
		}
		catch (IOException clientGone) {
			log.debug("Chat stream of user {} ended: the caller went away", user.getName());
		}
	}

	@GetMapping(path = "/models", produces = MediaType.APPLICATION_JSON_VALUE)
	JsonNode models() {
		return this.models.models();
	}

}
