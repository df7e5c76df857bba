package io.autorenew.openai;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.autorenew.gateway.AgentApi;
import io.autorenew.gateway.Gateway;
import io.autorenew.gateway.Policies;
import io.autorenew.gateway.TypedEventStream;
import io.autorenew.web.Failure;
import io.autorenew.web.ProblemCodes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.JsonNode;

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

	/** Chat Completions: OpenRouter's chunks pass through as {@code data:} lines, then {@code [DONE]}. */
	static final AgentApi CHAT = new AgentApi("chat", "chat completion", "/chat/completions", Policies.CHAT,
			(answer) -> answer.path("choices").isArray(), (out, json, upstream) -> new PassThroughStream(out, json));

	/** The Responses API: typed events, ending with {@code response.completed} (or failed, incomplete). */
	static final AgentApi RESPONSES = new AgentApi("responses", "response", "/responses", Policies.RESPONSES,
			(answer) -> answer.path("output").isArray(),
			(out, json, upstream) -> new TypedEventStream(out, json,
					Set.of("response.completed", "response.failed", "response.incomplete"),
					OpenAiController::responsesError));

	private final Gateway gateway;

	private final ModelList models;

	OpenAiController(Gateway gateway, ModelList models) {
		this.gateway = gateway;
		this.models = models;
	}

	/** An {@code error} event as the Responses API sends one, which the SDKs raise. */
	static Map<String, Object> responsesError(String code, String message, int sequence) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("type", "error");
		event.put("code", code);
		event.put("message", message);
		event.put("param", null);
		event.put("sequence_number", sequence);
		return event;
	}

	@PostMapping(path = "/chat/completions", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Create a chat completion",
			description = "OpenAI's chat request, built by the chat request policy (docs/agents.md) and sent to "
					+ "OpenRouter with the caller's own key: the model must be one the allow-list offers, output "
					+ "tokens and reasoning are bounded, server-side tools and costly fields are dropped (named in "
					+ "`X-Dropped`). OpenRouter's answer passes through, parsed and written again.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
							schema = @Schema(ref = "#/components/schemas/" + OpenAiConfiguration.CHAT_REQUEST))))
	@ApiResponse(responseCode = "200", description = "The completion, or its chunks",
			content = { @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(ref = "#/components/schemas/" + OpenAiConfiguration.CHAT_COMPLETION)),
					@Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
							schema = @Schema(type = "string", description = CHUNKS)) })
	@ProblemCodes(value = { Failure.INVALID_REQUEST, Failure.INVALID_MODEL, Failure.INPUT_TOO_LARGE, Failure.REQUEST_TOO_LARGE, Failure.UNSUPPORTED_MEDIA_TYPE,
			Failure.TOO_MANY_STREAMS, Failure.UPSTREAM_INVALID },
			chatCall = true)
	void completions(Authentication user, @RequestBody JsonNode body, HttpServletRequest request,
			HttpServletResponse response) throws IOException, InterruptedException {
		this.gateway.serve(CHAT, user.getName(), body, request, response);
	}

	@PostMapping(path = "/responses", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Create a response (OpenAI's Responses API)",
			description = "OpenAI's Responses request, built by the Responses request policy (docs/agents.md) "
					+ "and sent to OpenRouter's stateless Responses API with the caller's own key: output tokens and "
					+ "reasoning effort are bounded, server-side tools and costly fields dropped (named in "
					+ "`X-Dropped`); `store: true`, `previous_response_id`, `conversation` and `background: true` "
					+ "are refused with 400.")
	@ApiResponse(responseCode = "200", description = "The response, or its typed events",
			content = { @Content(mediaType = MediaType.APPLICATION_JSON_VALUE),
					@Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
							schema = @Schema(type = "string", description = RESPONSE_EVENTS)) })
	@ProblemCodes(value = { Failure.INVALID_REQUEST, Failure.INVALID_MODEL, Failure.INPUT_TOO_LARGE, Failure.REQUEST_TOO_LARGE, Failure.UNSUPPORTED_MEDIA_TYPE,
			Failure.TOO_MANY_STREAMS, Failure.UPSTREAM_INVALID },
			chatCall = true)
	void responses(Authentication user, @RequestBody JsonNode body, HttpServletRequest request,
			HttpServletResponse response) throws IOException, InterruptedException {
		this.gateway.serve(RESPONSES, user.getName(), body, request, response);
	}

	@GetMapping(path = "/models", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "List the models the service offers",
			description = "The allow-list, in OpenAI's list shape (`{\"object\": \"list\", \"data\": [{\"id\", "
					+ "\"object\": \"model\", \"created\", \"owned_by\"}]}`), kept for a while.")
	@ApiResponse(responseCode = "200", description = "The models",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(ref = "#/components/schemas/" + OpenAiConfiguration.MODEL_LIST)))
	@ProblemCodes(value = Failure.RATE_LIMITED)
	JsonNode models() {
		return this.models.models();
	}

}
