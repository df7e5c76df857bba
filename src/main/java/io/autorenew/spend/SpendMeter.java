package io.autorenew.spend;

import java.math.BigDecimal;

import tools.jackson.databind.JsonNode;

/**
 * One call's meter: reads the model and OpenRouter's {@code usage} off the answer as it passes
 * (a whole answer, or each chunk or event of a stream, of any of the four APIs) and, once the call
 * has finished, puts one entry in the ledger. A call whose usage never came (a stream cut short)
 * has no cost to enter: it is counted as unpriced, and OpenRouter's own figure for the key still
 * holds it.
 */
public final class SpendMeter {

	/** The status of a call answered whole. */
	public static final String OK = "ok";

	/** The status of a stream whose caller went away after its usage came. */
	public static final String CALLER_LEFT = "caller_left";

	private final Spend spend;

	private final String userId;

	private final String api;

	private final String keyLast4;

	private final String requestId;

	private String model;

	private long inputTokens;

	private long outputTokens;

	private long reasoningTokens;

	private long cachedTokens;

	private BigDecimal costUsd;

	private boolean finished;

	SpendMeter(Spend spend, String userId, String api, String keyLast4, String requestId) {
		this.spend = spend;
		this.userId = userId;
		this.api = api;
		this.keyLast4 = keyLast4;
		this.requestId = requestId;
	}

	/**
	 * Reads what a part of an answer says of its model and usage: the answer itself, a chat
	 * chunk, or a typed event (the Responses API's {@code response.*}, the Messages API's
	 * {@code message_start} and {@code message_delta}). Counts only grow: a stream's last usage is
	 * its whole.
	 */
	public synchronized void see(JsonNode part) {
		model(part.path("model"));
		usage(part.path("usage"));
		for (String holder : new String[] { "response", "message" }) {
			JsonNode inner = part.path(holder);
			if (inner.isObject()) {
				model(inner.path("model"));
				usage(inner.path("usage"));
			}
		}
	}

	/** The call is over: its entry goes to the ledger (once), with {@code status}. */
	public void finish(String status) {
		SpendEntry entry;
		synchronized (this) {
			if (this.finished) {
				return;
			}
			this.finished = true;
			if (this.costUsd == null) {
				entry = null;
			}
			else {
				entry = new SpendEntry(this.spend.now(), this.userId, this.api, (this.model != null) ? this.model : "unknown",
						this.inputTokens, this.outputTokens, this.reasoningTokens, this.cachedTokens, this.costUsd,
						this.keyLast4, status, this.requestId);
			}
		}
		if (entry == null) {
			this.spend.unpriced(this.api);
		}
		else {
			this.spend.accept(entry);
		}
	}

	private void model(JsonNode model) {
		if (model.isString() && !model.asString().isBlank()) {
			this.model = model.asString();
		}
	}

	private void usage(JsonNode usage) {
		if (!usage.isObject()) {
			return;
		}
		this.inputTokens = Math.max(this.inputTokens, count(usage, "prompt_tokens", "input_tokens"));
		this.outputTokens = Math.max(this.outputTokens, count(usage, "completion_tokens", "output_tokens"));
		this.reasoningTokens = Math.max(this.reasoningTokens,
				Math.max(usage.path("completion_tokens_details").path("reasoning_tokens").asLong(0),
						usage.path("output_tokens_details").path("reasoning_tokens").asLong(0)));
		this.cachedTokens = Math.max(this.cachedTokens,
				Math.max(usage.path("cache_read_input_tokens").asLong(0),
						Math.max(usage.path("prompt_tokens_details").path("cached_tokens").asLong(0),
								usage.path("input_tokens_details").path("cached_tokens").asLong(0))));
		JsonNode cost = usage.path("cost");
		if (cost.isNumber()) {
			this.costUsd = cost.decimalValue();
		}
	}

	private static long count(JsonNode usage, String chatName, String otherName) {
		return Math.max(usage.path(chatName).asLong(0), usage.path(otherName).asLong(0));
	}

}
