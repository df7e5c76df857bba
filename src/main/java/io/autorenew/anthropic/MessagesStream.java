package io.autorenew.anthropic;

import java.io.IOException;

import io.autorenew.openrouter.JsonChunkListener;
import io.autorenew.web.SseWriter;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Relays OpenRouter's Anthropic Messages events to an Anthropic client: each typed event
 * ({@code message_start}, {@code content_block_start}, {@code content_block_delta}, …,
 * {@code message_stop}) is parsed, written again from its parsed form and sent with its
 * {@code event:} name (its {@code type}); the stream ends after {@code message_stop}. Pings
 * pass on. An upstream {@code error} event, an unreadable event, and a stream that breaks or
 * stalls end it with an {@code event: error} in Anthropic's shape, carrying the service's code,
 * never OpenRouter's message.
 */
final class MessagesStream extends JsonChunkListener {

	private final SseWriter out;

	private final ObjectMapper json;

	MessagesStream(SseWriter out, ObjectMapper json) {
		super(json, "upstream_invalid");
		this.out = out;
		this.json = json;
	}

	@Override
	protected boolean chunk(ObjectNode event) throws IOException {
		String type = event.path("type").asString("");
		if (type.isEmpty()) {
			error("upstream_invalid", "OpenRouter sent a part of the answer that cannot be read.");
			return false;
		}
		this.out.event(type, this.json.writeValueAsString(event));
		return !type.equals("message_stop");
	}

	@Override
	public void done() {
		// Anthropic's stream ends with message_stop; a [DONE] after it carries nothing.
	}

	@Override
	public void idle() throws IOException {
		this.out.heartbeat();
	}

	@Override
	public void error(String code, String message) throws IOException {
		String type = switch (code) {
			case "upstream_rate_limited" -> "rate_limit_error";
			case "credits_exhausted", "budget_exhausted" -> "billing_error";
			default -> "api_error";
		};
		this.out.event("error", this.json.writeValueAsString(AnthropicErrorShape.body(type, message, code, null)));
	}

}
