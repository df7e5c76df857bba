package io.autorenew.anthropic;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import io.autorenew.keys.KeyRenewingOpenRouterClient;
import io.autorenew.openrouter.OpenRouterProperties;
import io.autorenew.openrouter.StreamRelay;
import io.autorenew.web.ProblemCodes;
import io.autorenew.web.SseWriter;
import io.autorenew.web.StreamPermits;
import io.autorenew.web.StreamProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Anthropic Messages API ({@code POST /v1/messages}), what Claude Code and the Anthropic
 * SDKs speak: the user's JWT comes as {@code Authorization: Bearer} or {@code x-api-key}, the
 * request is rebuilt from the accepted fields and sent to OpenRouter's {@code /messages} with
 * the user's own key (always as a bearer), with the {@code anthropic-version} and
 * {@code anthropic-beta} headers passed on. Errors come in Anthropic's shape.
 */
@RestController
@Tag(name = "anthropic", description = "Anthropic Messages API: point an Anthropic SDK (or Claude Code, with "
		+ "ANTHROPIC_BASE_URL) at the service and use the user's JWT as its auth token or API key.")
class MessagesController {

	static final String EVENTS = """
			With `"stream": true`: OpenRouter's typed events as they come, each as `event: {type}` and \
			`data: {event}`, from `message_start` to `message_stop`. If OpenRouter fails once the stream has \
			begun, an `event: error` with `{"type": "error", "error": {"type", "message", "code"}}` ends it.""";

	private static final Logger log = LoggerFactory.getLogger(MessagesController.class);

	/** Header values passed on: Anthropic's version and beta names, nothing else. */
	private static final Pattern HEADER_VALUE = Pattern.compile("[A-Za-z0-9._,:-]{1,200}");

	private final KeyRenewingOpenRouterClient openRouter;

	private final OpenRouterProperties properties;

	private final ObjectMapper json;

	private final StreamPermits permits;

	private final StreamProperties streams;

	MessagesController(KeyRenewingOpenRouterClient openRouter, OpenRouterProperties properties, ObjectMapper json,
			StreamPermits permits, StreamProperties streams) {
		this.openRouter = openRouter;
		this.properties = properties;
		this.json = json;
		this.permits = permits;
		this.streams = streams;
	}

	@PostMapping(path = AnthropicErrorShape.PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Create a message (Anthropic's Messages API)",
			description = "Anthropic's Messages request, rebuilt from `model`, `messages`, `system`, `max_tokens` "
					+ "(required; lowered to the service's cap), `stream`, `temperature`, `top_p`, `top_k`, "
					+ "`stop_sequences`, `tools`, `tool_choice`, `metadata` and `thinking` (with `budget_tokens` "
					+ "below the cap), and sent to OpenRouter with the caller's own key. Any other field is refused "
					+ "with 400.")
	@ApiResponse(responseCode = "200", description = "The message, or its typed events",
			content = { @Content(mediaType = MediaType.APPLICATION_JSON_VALUE),
					@Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
							schema = @Schema(type = "string", description = EVENTS)) })
	@ProblemCodes(value = { "invalid_request", "invalid_model", "request_too_large", "unsupported_media_type",
			"too_many_streams", "upstream_invalid" }, chatCall = true)
	void messages(Authentication user, @RequestBody JsonNode body, HttpServletRequest request,
			HttpServletResponse response) throws IOException, InterruptedException {
		ObjectNode bounded = MessagesRequests.bounded(body, this.properties);
		byte[] bytes = this.json.writeValueAsBytes(bounded);
		Map<String, String> headers = anthropicHeaders(request);
		if (!MessagesRequests.streams(bounded)) {
			byte[] answer = message(this.openRouter.messagesRaw(user.getName(), bytes, headers).value());
			response.setStatus(HttpServletResponse.SC_OK);
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			response.setContentLength(answer.length);
			response.getOutputStream().write(answer);
			return;
		}
		try (StreamPermits.Permit permit = this.permits.acquire(user.getName());
				StreamRelay stream = this.openRouter.streamMessages(user.getName(), bytes, headers).value()) {
			SseWriter out = SseWriter.start(response);
			stream.relay(this.properties.streamHeartbeat(), this.properties.readTimeout(), this.streams.maxDuration(),
					new MessagesStream(out, this.json));
		}
		catch (IOException clientGone) {
			log.debug("Messages stream of user {} ended: the caller went away", user.getName());
		}
	}

	/** {@code anthropic-version} and {@code anthropic-beta}, when they look like what Anthropic defines. */
	private static Map<String, String> anthropicHeaders(HttpServletRequest request) {
		Map<String, String> headers = new LinkedHashMap<>();
		for (String name : new String[] { "anthropic-version", "anthropic-beta" }) {
			String value = request.getHeader(name);
			if (value != null && HEADER_VALUE.matcher(value).matches()) {
				headers.put(name, value);
			}
		}
		return headers;
	}

	/** OpenRouter's answer written again from its parsed form, once it is seen to be a message. */
	private byte[] message(byte[] answer) {
		JsonNode parsed;
		try {
			parsed = this.json.readTree(answer);
		}
		catch (RuntimeException unreadable) {
			throw new InvalidUpstreamMessageException();
		}
		if (parsed == null || !parsed.isObject() || !parsed.path("content").isArray()) {
			throw new InvalidUpstreamMessageException();
		}
		return this.json.writeValueAsBytes(parsed);
	}

}
