package io.autorenew.openai;

import java.io.IOException;
import java.util.Set;

import io.autorenew.keys.KeyRenewingOpenRouterClient;
import io.autorenew.openrouter.StreamRelay;
import io.autorenew.openrouter.OpenRouterProperties;
import io.autorenew.web.SseWriter;
import io.autorenew.web.StreamPermits;
import io.autorenew.web.StreamProperties;
import io.autorenew.web.ProblemCodes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "openai", description = "OpenAI-compatible API: point an OpenAI SDK's base URL at /v1 and use the "
		+ "user's JWT as its API key. Errors come in OpenAI's shape.")
class OpenAiController {

	static final String CHUNKS = """
			With `"stream": true`: OpenRouter's Server-Sent Events as they come, `data: {chunk}` … then \
			`data: [DONE]`. If OpenRouter fails once the stream has begun, a last `data: {"error": {…}}` \
			in OpenAI's error shape ends it.""";

	static final String RESPONSE_EVENTS = """
			With `"stream": true`: OpenRouter's typed events as they come, each as `event: {type}` and \
			`data: {event}`, from `response.created` to `response.completed`. If OpenRouter fails once the \
			stream has begun, an `event: error` with `{"type": "error", "code", "message"}` ends it.""";

	private static final Logger log = LoggerFactory.getLogger(OpenAiController.class);

	private final KeyRenewingOpenRouterClient openRouter;

	private final OpenRouterProperties properties;

	private final ModelList models;

	private final ObjectMapper json;

	private final Set<String> passthrough;

	private final StreamPermits permits;

	private final StreamProperties streams;

	OpenAiController(KeyRenewingOpenRouterClient openRouter, OpenRouterProperties properties, ModelList models,
			ObjectMapper json, ChatRequestProperties requests, StreamPermits permits, StreamProperties streams) {
		this.permits = permits;
		this.streams = streams;
		this.openRouter = openRouter;
		this.properties = properties;
		this.models = models;
		this.json = json;
		this.passthrough = requests.passthrough();
	}

	@PostMapping(path = "/chat/completions", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Create a chat completion",
			description = "OpenAI's chat request, sent to OpenRouter with the caller's own key: the model must be "
					+ "one the allow-list offers, and `max_tokens` is lowered to the service's cap. OpenRouter's "
					+ "answer passes through as it is.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
							schema = @Schema(ref = "#/components/schemas/" + OpenAiConfiguration.CHAT_REQUEST))))
	@ApiResponse(responseCode = "200", description = "The completion, or its chunks",
			content = { @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(ref = "#/components/schemas/" + OpenAiConfiguration.CHAT_COMPLETION)),
					@Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
							schema = @Schema(type = "string", description = CHUNKS)) })
	@ProblemCodes(value = { "invalid_request", "invalid_model", "request_too_large", "unsupported_media_type",
			"too_many_streams", "upstream_invalid" },
			chatCall = true, openAiShape = true)
	void completions(Authentication user, @RequestBody JsonNode body, HttpServletResponse response)
			throws IOException, InterruptedException {
		ObjectNode request = ChatRequests.bounded(body, this.properties, this.passthrough);
		byte[] bytes = this.json.writeValueAsBytes(request);
		if (!ChatRequests.streams(request)) {
			byte[] answer = completion(this.openRouter.completeRaw(user.getName(), bytes).value());
			response.setStatus(HttpServletResponse.SC_OK);
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			response.setContentLength(answer.length);
			response.getOutputStream().write(answer);
			return;
		}
		try (StreamPermits.Permit permit = this.permits.acquire(user.getName());
				StreamRelay stream = this.openRouter.stream(user.getName(), bytes).value()) {
			SseWriter out = SseWriter.start(response);
			stream.relay(this.properties.streamHeartbeat(), this.properties.readTimeout(), this.streams.maxDuration(),
					new PassThroughStream(out, this.json));
		}
		catch (IOException clientGone) {
			log.debug("Chat stream of user {} ended: the caller went away", user.getName());
		}
	}

	@PostMapping(path = "/responses", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Create a response (OpenAI's Responses API)",
			description = "OpenAI's Responses request, rebuilt from the accepted fields (`model`, `input`, "
					+ "`instructions`, `stream`, `max_output_tokens`, `temperature`, `top_p`, `tools`, `tool_choice`, "
					+ "`parallel_tool_calls`, `text`, `user`, `store` as false) and sent to OpenRouter's stateless "
					+ "Responses API with the caller's own key. `previous_response_id`, `store: true`, `background`, "
					+ "`plugins`, `models`, `provider`, `reasoning` and any other field are refused with 400; "
					+ "`max_output_tokens` is lowered to the service's cap.")
	@ApiResponse(responseCode = "200", description = "The response, or its typed events",
			content = { @Content(mediaType = MediaType.APPLICATION_JSON_VALUE),
					@Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
							schema = @Schema(type = "string", description = RESPONSE_EVENTS)) })
	@ProblemCodes(value = { "invalid_request", "invalid_model", "request_too_large", "unsupported_media_type",
			"too_many_streams", "upstream_invalid" },
			chatCall = true, openAiShape = true)
	void responses(Authentication user, @RequestBody JsonNode body, HttpServletResponse response)
			throws IOException, InterruptedException {
		ObjectNode request = ResponsesRequests.bounded(body, this.properties);
		byte[] bytes = this.json.writeValueAsBytes(request);
		if (!ResponsesRequests.streams(request)) {
			byte[] answer = responseObject(this.openRouter.respondRaw(user.getName(), bytes).value());
			response.setStatus(HttpServletResponse.SC_OK);
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			response.setContentLength(answer.length);
			response.getOutputStream().write(answer);
			return;
		}
		try (StreamPermits.Permit permit = this.permits.acquire(user.getName());
				StreamRelay stream = this.openRouter.streamResponse(user.getName(), bytes).value()) {
			SseWriter out = SseWriter.start(response);
			stream.relay(this.properties.streamHeartbeat(), this.properties.readTimeout(), this.streams.maxDuration(),
					new ResponsesStream(out, this.json));
		}
		catch (IOException clientGone) {
			log.debug("Response stream of user {} ended: the caller went away", user.getName());
		}
	}

	/** OpenRouter's answer written again from its parsed form, once it is seen to be a response object. */
	private byte[] responseObject(byte[] answer) {
		JsonNode parsed;
		try {
			parsed = this.json.readTree(answer);
		}
		catch (RuntimeException unreadable) {
			throw new InvalidUpstreamAnswerException();
		}
		if (parsed == null || !parsed.isObject() || !parsed.path("output").isArray()) {
			throw new InvalidUpstreamAnswerException();
		}
		return this.json.writeValueAsBytes(parsed);
	}

	/** OpenRouter's answer written again from its parsed form, once it is seen to be a chat completion. */
	private byte[] completion(byte[] answer) {
		JsonNode completion;
		try {
			completion = this.json.readTree(answer);
		}
		catch (RuntimeException unreadable) {
			throw new InvalidUpstreamAnswerException();
		}
		if (completion == null || !completion.isObject() || !completion.path("choices").isArray()) {
			throw new InvalidUpstreamAnswerException();
		}
		return this.json.writeValueAsBytes(completion);
	}

	@GetMapping(path = "/models", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "List the models the service offers",
			description = "The allow-list, in OpenAI's list shape (`{\"object\": \"list\", \"data\": [{\"id\", "
					+ "\"object\": \"model\", \"created\", \"owned_by\"}]}`), kept for a while.")
	@ApiResponse(responseCode = "200", description = "The models",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(ref = "#/components/schemas/" + OpenAiConfiguration.MODEL_LIST)))
	@ProblemCodes(value = "rate_limited", openAiShape = true)
	JsonNode models() {
		return this.models.models();
	}

}
