package io.autorenew.anthropic;

import java.io.IOException;
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
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Anthropic Messages API ({@code POST /v1/messages}), what Claude Code and the Anthropic
 * SDKs speak: the user's JWT comes as {@code Authorization: Bearer} or {@code x-api-key}, the
 * request is built by {@link Policies#MESSAGES} and sent through the {@link Gateway} to
 * OpenRouter's {@code /messages} with the user's own key (always as a bearer), with
 * {@code anthropic-version} and the allowed {@code anthropic-beta} values. Errors come in
 * Anthropic's shape.
 */
@RestController
@Tag(name = "anthropic", description = "Anthropic Messages API: point an Anthropic SDK (or Claude Code, with "
		+ "ANTHROPIC_BASE_URL) at the service and use the user's JWT as its auth token or API key.")
class MessagesController {

	static final String EVENTS = """
			With `"stream": true`: OpenRouter's typed events as they come, each as `event: {type}` and \
			`data: {event}`, from `message_start` to `message_stop`. If OpenRouter fails once the stream has \
			begun, an `event: error` with `{"type": "error", "error": {"type", "message", "code"}}` ends it.""";

	/** The Messages API: typed events, ending with {@code message_stop}; errors in Anthropic's shape. */
	static final AgentApi MESSAGES = new AgentApi("messages", "message", "/messages", Policies.MESSAGES,
			(answer) -> answer.path("content").isArray(), (out, json, upstream) -> new TypedEventStream(out, json,
					Set.of("message_stop"), (code, message, sequence) -> AnthropicErrorShape.body(streamType(code),
							message, code, null)));

	private final Gateway gateway;

	MessagesController(Gateway gateway) {
		this.gateway = gateway;
	}

	/** Anthropic's error type for a failure once the stream has begun. */
	static String streamType(String code) {
		return switch (code) {
			case "upstream_rate_limited" -> "rate_limit_error";
			case "credits_exhausted", "budget_exhausted" -> "billing_error";
			case "user_suspended" -> "permission_error";
			default -> "api_error";
		};
	}

	@PostMapping(path = AnthropicErrorShape.PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Create a message (Anthropic's Messages API)",
			description = "Anthropic's Messages request, built by the Messages request policy (docs/agents.md) and "
					+ "sent to OpenRouter with the caller's own key: `max_tokens` and the thinking budget are "
					+ "bounded, `metadata` replaced by the service's hash of the user, server-side tools, costly "
					+ "betas and unknown fields dropped (named in `X-Dropped`).")
	@ApiResponse(responseCode = "200", description = "The message, or its typed events",
			content = { @Content(mediaType = MediaType.APPLICATION_JSON_VALUE),
					@Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
							schema = @Schema(type = "string", description = EVENTS)) })
	@ProblemCodes(value = { Failure.INVALID_REQUEST, Failure.INVALID_MODEL, Failure.INPUT_TOO_LARGE, Failure.REQUEST_TOO_LARGE, Failure.UNSUPPORTED_MEDIA_TYPE,
			Failure.TOO_MANY_STREAMS, Failure.UPSTREAM_INVALID }, chatCall = true)
	void messages(Authentication user, @RequestBody JsonNode body, HttpServletRequest request,
			HttpServletResponse response) throws IOException, InterruptedException {
		this.gateway.serve(MESSAGES, user.getName(), body, request, response);
	}

}
