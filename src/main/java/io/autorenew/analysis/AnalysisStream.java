package io.autorenew.analysis;

import java.io.IOException;

import io.autorenew.openrouter.JsonChunkListener;
import io.autorenew.openrouter.StreamRelay;
import io.autorenew.openrouter.UpstreamFailure;
import io.autorenew.renewal.OpenRouterGate.KeyedResult;
import io.autorenew.web.SseWriter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Relays one OpenRouter chat stream to the caller as the analysis API's events: each chunk's
 * text as {@code event: delta} ({@code {"text"}}) the moment it arrives, then
 * {@code event: done} with the answer's id, model, usage, {@code maxTokens},
 * {@code keyProvisioned} and {@code keyRenewed}. OpenRouter's mid-stream error, a stream
 * that breaks or stalls, becomes {@code event: error} ({@code {"code", "detail"}}) and the
 * end. Nothing is accumulated but the id, model and usage.
 */
final class AnalysisStream extends JsonChunkListener {

	private final SseWriter out;

	private final ObjectMapper json;

	private final String model;

	private final int maxTokens;

	private final KeyedResult<StreamRelay> upstream;

	private String id;

	private String answeredModel;

	private JsonNode usage;

	AnalysisStream(SseWriter out, ObjectMapper json, String model, int maxTokens, KeyedResult<StreamRelay> upstream) {
		super(json, UpstreamFailure.UNAVAILABLE.code());
		this.out = out;
		this.json = json;
		this.model = model;
		this.maxTokens = maxTokens;
		this.upstream = upstream;
	}

	@Override
	protected boolean chunk(ObjectNode chunk) throws IOException {
		if (chunk.path("id").isString()) {
			this.id = chunk.path("id").asString();
		}
		if (chunk.path("model").isString()) {
			this.answeredModel = chunk.path("model").asString();
		}
		if (chunk.path("usage").isObject()) {
			this.usage = chunk.path("usage");
		}
		JsonNode text = chunk.path("choices").path(0).path("delta").path("content");
		if (text.isString() && !text.asString().isEmpty()) {
			ObjectNode delta = this.json.createObjectNode();
			delta.put("text", text.asString());
			this.out.event("delta", this.json.writeValueAsString(delta));
		}
		return true;
	}

	@Override
	public void done() throws IOException {
		ObjectNode done = this.json.createObjectNode();
		done.put("id", this.id);
		done.put("model", (this.answeredModel != null) ? this.answeredModel : this.model);
		ObjectNode usage = done.putObject("usage");
		usage.put("promptTokens", (this.usage != null) ? this.usage.path("prompt_tokens").asLong(0) : 0);
		usage.put("completionTokens", (this.usage != null) ? this.usage.path("completion_tokens").asLong(0) : 0);
		usage.put("totalTokens", (this.usage != null) ? this.usage.path("total_tokens").asLong(0) : 0);
		done.put("maxTokens", this.maxTokens);
		done.put("keyProvisioned", this.upstream.keyProvisioned());
		done.put("keyRenewed", this.upstream.keyRenewed());
		this.out.event("done", this.json.writeValueAsString(done));
	}

	@Override
	public void idle() throws IOException {
		this.out.heartbeat();
	}

	@Override
	public void error(String code, String detail) throws IOException {
		ObjectNode error = this.json.createObjectNode();
		error.put("code", code);
		error.put("detail", detail);
		this.out.event("error", this.json.writeValueAsString(error));
	}

}
