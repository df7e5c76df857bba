package io.autorenew.standin;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The stand-in's calls with a runtime key, shaped as OpenRouter's: {@code POST /chat/completions},
 * {@code /responses} and {@code /messages}, each plain or streamed. A call counts against its key,
 * which expires after its calls as the stand-in was told ({@link SimulatedKey#tryUse}).
 */
final class StandInCalls {

	private static final Logger logger = LoggerFactory.getLogger(StandInCalls.class);

	private final StandInAuth auth;

	private final Clock clock;

	private final ObjectMapper json = new ObjectMapper();

	private final AtomicLong generations = new AtomicLong();

	StandInCalls(StandInAuth auth, Clock clock) {
		this.auth = auth;
		this.clock = clock;
	}

	/** {@code POST /chat/completions}: Chat Completions, plain or as server-sent events. */
	StandInReply chat(String authorization, byte[] body) {
		return call(authorization, body, "gen-", ChatPrompt::from);
	}

	/** {@code POST /responses}: OpenRouter's Responses API, plain or as typed events. */
	StandInReply responses(String authorization, byte[] body) {
		return call(authorization, body, "", ResponsePrompt::from);
	}

	/** {@code POST /messages}: the Anthropic Messages API, plain or as typed events. */
	StandInReply messages(String authorization, byte[] body) {
		return call(authorization, body, "", MessagePrompt::from);
	}

	/**
	 * One call: the key is checked, the body read (a 400 before the key is used), the call
	 * counted against the key, and the answer given whole or as events when {@code stream} is set.
	 */
	private StandInReply call(String authorization, byte[] body, String idPrefix, Function<JsonNode, Prompt> read) {
		SimulatedKey key = this.auth.usableForCalls(authorization);
		JsonNode request = parse(this.json, body);
		Prompt prompt = read.apply(request);
		use(key);
		logger.debug("OpenRouter stand-in answered call {} of key {}", key.calls(), key.masked());
		long created = this.clock.instant().getEpochSecond();
		String id = idPrefix + created + "-" + this.generations.incrementAndGet();
		if (request.path("stream").asBoolean(false)) {
			return StandInReply.events(prompt.events(id, created, this.json));
		}
		return StandInReply.ok(prompt.answer(id, created));
	}

	/** Counts the call against the key; OpenRouter's 401 once the key has expired. */
	private void use(SimulatedKey key) {
		if (!key.tryUse(this.clock.instant())) {
			throw StandInAuth.rejected(key);
		}
	}

	/** A request body as JSON, or OpenRouter's 400 for one that is not. */
	static JsonNode parse(ObjectMapper json, byte[] body) {
		try {
			return json.readTree(body);
		}
		catch (JacksonException ex) {
			throw StandInException.badRequest("Request body is not valid JSON");
		}
	}

}
