package io.autorenew.gateway;

import java.io.IOException;
import java.util.Map;

import io.autorenew.openrouter.OpenRouterProperties;
import io.autorenew.openrouter.StreamRelay;
import io.autorenew.renewal.OpenRouterGate.KeyedResult;
import io.autorenew.renewal.OpenRouterGate;
import io.autorenew.spend.Spend;
import io.autorenew.spend.SpendMeter;
import io.autorenew.web.JsonAnswer;
import io.autorenew.web.SseWriter;
import io.autorenew.web.StreamPermits;
import io.autorenew.web.StreamProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The one pipeline every agent API goes through: the request is built by the API's policy
 * (what was dropped named in {@code X-Dropped}), then sent with the user's own key (provisioned,
 * renewed and retried once on a 401 by {@link OpenRouterGate}); a plain answer is
 * checked for the API's shape and written again from its parsed form; a stream takes a permit,
 * opens before the first byte reaches the caller, and is relayed through the API's dialect.
 * Every answered call, plain or streamed, leaves one entry in the spend ledger ({@link Spend}).
 */
public final class Gateway {

	/** The response header naming what the policy accepted and did not send on. */
	public static final String DROPPED = "X-Dropped";

	private static final Logger log = LoggerFactory.getLogger(Gateway.class);

	/** How an open stream of a user an operator suspends ends, on every replica within seconds. */
	private static final StreamRelay.Revocation SUSPENDED = new StreamRelay.Revocation("user_suspended",
			"An operator suspended this user.");

	private final OpenRouterGate openRouter;

	private final OpenRouterProperties properties;

	private final GatewayProperties gateway;

	private final ObjectMapper json;

	private final StreamPermits permits;

	private final StreamProperties streams;

	private final Spend spend;

	Gateway(OpenRouterGate openRouter, OpenRouterProperties properties, GatewayProperties gateway,
			ObjectMapper json, StreamPermits permits, StreamProperties streams, Spend spend) {
		this.openRouter = openRouter;
		this.properties = properties;
		this.gateway = gateway;
		this.json = json;
		this.permits = permits;
		this.streams = streams;
		this.spend = spend;
	}

	/** Serves one request of {@code api} for {@code userId}. */
	public void serve(AgentApi api, String userId, JsonNode body, HttpServletRequest request,
			HttpServletResponse response) throws IOException, InterruptedException {
		PolicedRequest policed = api.policy()
			.apply(body, request::getHeader, new Policing(this.properties, this.gateway, userId));
		if (!policed.dropped().isEmpty()) {
			String dropped = String.join(", ", policed.dropped());
			response.setHeader(DROPPED, dropped);
			log.debug("Request policy of {} dropped: {}", api.policy().api(), dropped);
		}
		byte[] bytes = this.json.writeValueAsBytes(policed.body());
		if (!policed.streams()) {
			KeyedResult<byte[]> upstream = this.openRouter.post(userId, api.operation(), api.path(), bytes,
					policed.headers());
			JsonNode parsed = checked(api, upstream.value());
			SpendMeter meter = this.spend.meter(userId, api.name(), upstream.keyLabel());
			meter.see(parsed);
			meter.finish(SpendMeter.OK);
			JsonAnswer.write(response, this.json.writeValueAsBytes(parsed));
			return;
		}
		relay(api.name(), userId, api.operation(), api.path(), bytes, policed.headers(), response, api.events());
	}

	/**
	 * The stream half of the pipeline, for every API that streams: takes one of the user's
	 * stream permits, opens OpenRouter's stream with the user's key (a 401 renewed before the
	 * first byte), and relays it through {@code events} until it ends, stalls, runs too long, the
	 * user is suspended (an error event {@code user_suspended}) or the caller goes away (which
	 * cancels OpenRouter's stream). Its usage, once it came, is the stream's spend ledger entry
	 * ({@code api} names the API there).
	 */
	public void relay(String api, String userId, String operation, String path, byte[] body,
			Map<String, String> headers, HttpServletResponse response, StreamDialect events)
			throws InterruptedException {
		SpendMeter meter = null;
		String status = SpendMeter.OK;
		try (StreamPermits.Permit permit = this.permits.acquire(userId)) {
			KeyedResult<StreamRelay> upstream = this.openRouter.open(userId, operation, path, body, headers);
			meter = this.spend.meter(userId, api, upstream.keyLabel());
			try (StreamRelay stream = upstream.value()) {
				SseWriter out = SseWriter.start(response);
				stream.relay(this.properties.streamHeartbeat(), this.properties.readTimeout(),
						this.streams.maxDuration(), events.listener(out, this.json, upstream).observedBy(meter::see),
						() -> this.openRouter.suspended(userId) ? SUSPENDED : null);
			}
		}
		catch (IOException clientGone) {
			status = SpendMeter.CALLER_LEFT;
			log.debug("{} stream of user {} ended: the caller went away", operation, userId);
		}
		finally {
			if (meter != null) {
				meter.finish(status);
			}
		}
	}

	/**
	 * A model the allow-list offers, or 400 {@code invalid_model} naming the models on offer:
	 * the one model check of every API.
	 */
	public String allowedModel(String model) {
		return Shapers.allowedModel(this.properties, model);
	}

	/** OpenRouter's answer parsed, once it is seen to have the API's shape. */
	private JsonNode checked(AgentApi api, byte[] answer) {
		JsonNode parsed;
		try {
			parsed = this.json.readTree(answer);
		}
		catch (RuntimeException unreadable) {
			throw new InvalidUpstreamException();
		}
		if (parsed == null || !parsed.isObject() || !api.answer().test(parsed)) {
			throw new InvalidUpstreamException();
		}
		return parsed;
	}

}
