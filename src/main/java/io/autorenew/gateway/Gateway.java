package io.autorenew.gateway;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Executor;

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
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.core.task.TaskRejectedException;

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

	private final Executor relays;

	Gateway(OpenRouterGate openRouter, OpenRouterProperties properties, GatewayProperties gateway,
			ObjectMapper json, StreamPermits permits, StreamProperties streams, Spend spend, Executor relays) {
		this.openRouter = openRouter;
		this.properties = properties;
		this.gateway = gateway;
		this.json = json;
		this.permits = permits;
		this.streams = streams;
		this.spend = spend;
		this.relays = relays;
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
		relay(api.name(), userId, api.operation(), api.path(), bytes, policed.headers(), request, response,
				api.events());
	}

	/**
	 * The stream half of the pipeline, for every API that streams: takes one of the user's
	 * stream permits, opens OpenRouter's stream with the user's key (a 401 renewed before the
	 * first byte), and relays it through {@code events} until it ends, stalls, runs too long, the
	 * user is suspended (an error event {@code user_suspended}) or the caller goes away (which
	 * cancels OpenRouter's stream). Its usage, once it came, is the stream's spend ledger entry
	 * ({@code api} names the API there).
	 * <p>
	 * Everything up to the first byte runs on the request's thread, so a failure there is the
	 * API's usual error answer. The relay itself runs on a thread of its own ({@link #relays},
	 * with the request's log context) while the request continues asynchronously: the request
	 * thread returns through the filters and its stack, about 23 KB held for the life of each
	 * stream, is freed (bench/NOTES.md, "Issue 38: open streams on HTTP/2").
	 */
	public void relay(String api, String userId, String operation, String path, byte[] body,
			Map<String, String> headers, HttpServletRequest request, HttpServletResponse response,
			StreamDialect events) throws InterruptedException {
		StreamPermits.Permit permit = this.permits.acquire(userId);
		StreamRelay opened = null;
		try {
			KeyedResult<StreamRelay> upstream = this.openRouter.open(userId, operation, path, body, headers);
			opened = upstream.value();
			SpendMeter meter = this.spend.meter(userId, api, upstream.keyLabel());
			SseWriter out;
			try {
				// committed here, so nothing on the request's way out touches the headers again
				out = SseWriter.start(response);
			}
			catch (IOException clientGone) {
				opened.close();
				permit.close();
				callerLeft(operation, userId, meter);
				return;
			}
			AsyncContext async = request.startAsync(request, response);
			// the stream's own limits end it (STREAM_MAX_DURATION, a stall, the caller gone)
			async.setTimeout(0);
			async.addListener(new ContainerEnd(out, opened));
			Runnable relay = () -> {
				try {
					relay(userId, operation, upstream, out, meter, events);
				}
				finally {
					// the request ends before its permit is given back: whoever waits for the permit (a
					// test's next request, a caller at the cap) comes after the request is done with
					try {
						// unless the container ended it first: the response may then be another request's
						if (out.close()) {
							ContainerEnd.complete(async);
						}
					}
					finally {
						permit.close();
					}
				}
			};
			try {
				this.relays.execute(relay);
			}
			catch (TaskRejectedException shuttingDown) {
				relay.run();
			}
		}
		catch (RuntimeException | Error failed) {
			if (opened != null) {
				opened.close();
			}
			permit.close();
			throw failed;
		}
	}

	private void relay(String userId, String operation, KeyedResult<StreamRelay> upstream, SseWriter out,
			SpendMeter meter, StreamDialect events) {
		try (StreamRelay stream = upstream.value()) {
			stream.relay(this.properties.streamHeartbeat(), this.properties.readTimeout(), this.streams.maxDuration(),
					events.listener(out, this.json, upstream).observedBy(meter::see),
					() -> this.openRouter.suspended(userId) ? SUSPENDED : null);
			meter.finish(SpendMeter.OK);
		}
		catch (IOException clientGone) {
			callerLeft(operation, userId, meter);
		}
		catch (RuntimeException | Error failed) {
			meter.finish(SpendMeter.OK);
			log.error("{} stream of user {} failed while relayed", operation, userId, failed);
		}
	}

	private static void callerLeft(String operation, String userId, SpendMeter meter) {
		meter.finish(SpendMeter.CALLER_LEFT);
		log.debug("{} stream of user {} ended: the caller went away", operation, userId);
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
