package io.autorenew.gateway;

import java.io.IOException;
import java.util.Set;
import java.util.regex.Pattern;

import io.autorenew.openrouter.JsonChunkListener;
import io.autorenew.web.SseWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stream of typed events (the Responses API's, the Messages API's): each of OpenRouter's
 * events is parsed, written again from its parsed form and sent with its {@code type} as its
 * {@code event:} name; the stream ends after one of the API's last types. An upstream error
 * event, an unreadable event, an event whose type is not a safe SSE event name, and a stream
 * that breaks or stalls end it with the API's own error event, carrying the service's code,
 * never OpenRouter's message.
 */
public final class TypedEventStream extends JsonChunkListener {

	/** How an API writes its error event. */
	@FunctionalInterface
	public interface ErrorEvent {

		/** @param sequence the number of events sent so far plus one */
		Object body(String code, String message, int sequence);

	}

	private static final Logger log = LoggerFactory.getLogger(TypedEventStream.class);

	private static final Pattern SAFE_TYPE = Pattern.compile("[A-Za-z0-9._-]{1,100}");

	private static final String UNREADABLE = "OpenRouter sent a part of the answer that cannot be read.";

	private final SseWriter out;

	private final ObjectMapper json;

	private final Set<String> lastTypes;

	private final ErrorEvent errors;

	private int sequence;

	public TypedEventStream(SseWriter out, ObjectMapper json, Set<String> lastTypes, ErrorEvent errors) {
		super(json, "upstream_invalid");
		this.out = out;
		this.json = json;
		this.lastTypes = lastTypes;
		this.errors = errors;
	}

	@Override
	protected boolean chunk(ObjectNode event) throws IOException {
		String type = event.path("type").asString("");
		if (type.equals("error")) {
			error("upstream_error", "OpenRouter failed during the answer.");
			return false;
		}
		if (!SAFE_TYPE.matcher(type).matches()) {
			if (!type.isEmpty()) {
				log.warn("OpenRouter sent a stream event whose type is not an event name ({} characters); the "
						+ "stream ends with upstream_invalid", type.length());
			}
			error("upstream_invalid", UNREADABLE);
			return false;
		}
		this.sequence = event.path("sequence_number").asInt(this.sequence + 1);
		this.out.event(type, this.json.writeValueAsString(event));
		return !this.lastTypes.contains(type);
	}

	@Override
	public void done() {
		// Typed streams end with their last event; a [DONE] after it carries nothing.
	}

	@Override
	public void idle() throws IOException {
		this.out.heartbeat();
	}

	@Override
	public void error(String code, String message) throws IOException {
		this.out.event("error", this.json.writeValueAsString(this.errors.body(code, message, ++this.sequence)));
	}

}
