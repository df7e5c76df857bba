package io.autorenew.gateway;

import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static io.autorenew.gateway.InvalidRequestException.invalid;
import static io.autorenew.gateway.Treatment.BOUND;
import static io.autorenew.gateway.Treatment.FORWARD;

/**
 * The request policies of the agent APIs, in one place: for every field and header the
 * official SDKs, Codex CLI and Claude Code send, one of {@link Treatment}'s four treatments and
 * why. The per-request policy bounds one request's blast radius (output tokens, thinking,
 * server-side tools, costly betas); the money bound is the user's budget, which OpenRouter
 * keeps on the user's key, tools included. So what is unbounded is clamped, what costs extra
 * is dropped unless the operator allows it, and what agents need goes on. docs/agents.md's
 * tables are generated from {@link #ALL} ({@code PolicyDocsTests}).
 */
public final class Policies {

	private static final String TOKENS = "billed as output tokens, so lowered to OPENROUTER_MAX_TOKENS";

	private static final String CACHE_KEY = "routes requests to the provider's prompt cache: cheaper, not dearer";

	private static final String ROUTING = "routing and fallbacks can pick dearer models or providers, past the "
			+ "allow-list";

	/** OpenAI's Chat Completions, as OpenRouter speaks it. */
	public static final RequestPolicy CHAT = RequestPolicy.builder("chat")
		.always("model", FORWARD, "a model the allow-list offers (else 400 `invalid_model`); the default model when "
				+ "left out", Shapers.model(false))
		.always("messages", FORWARD, "the prompt; a non-empty array of objects with a `role`", Shapers.messages())
		.field("stream", FORWARD, "streamed or not", Shapers.bool("stream"))
		.field("stream_options", FORWARD, "usage in the last chunk", Shapers.object("stream_options"))
		.always("max_tokens", BOUND, TOKENS + "; the cap is sent when neither it nor `max_completion_tokens` is",
				(value, policing) -> (value == null && policing.request().hasNonNull("max_completion_tokens")) ? null
						: Shapers.outputCap("max_tokens", true).shape(value, policing))
		.field("max_completion_tokens", BOUND, TOKENS, Shapers.outputCap("max_completion_tokens", false))
		.field("reasoning", BOUND, "OpenRouter's reasoning: `effort` lowered to `high`, `max_tokens` to the output "
				+ "cap", Shapers.reasoning())
		.field("reasoning_effort", BOUND, "lowered to `high`", (value, policing) -> JsonNodeFactory.instance
			.stringNode(Shapers.effort("reasoning_effort", value)))
		.field("temperature", FORWARD, "0 to 2", Shapers.number("temperature", 0, 2))
		.field("top_p", FORWARD, "0 to 1", Shapers.number("top_p", 0, 1))
		.field("stop", FORWARD, "a string or up to 4", Shapers.checked("stop", (value) -> value.isString()
				|| (value.isArray() && value.size() <= 4 && value.valueStream().allMatch(JsonNode::isString)),
				"a string or an array of at most 4 strings"))
		.field("seed", FORWARD, "sampling", Shapers.integer("seed"))
		.field("presence_penalty", FORWARD, "-2 to 2", Shapers.number("presence_penalty", -2, 2))
		.field("frequency_penalty", FORWARD, "-2 to 2", Shapers.number("frequency_penalty", -2, 2))
		.field("logit_bias", FORWARD, "sampling", Shapers.object("logit_bias"))
		.field("logprobs", FORWARD, "no cost", Shapers.bool("logprobs"))
		.field("top_logprobs", FORWARD, "no cost", Shapers.integer("top_logprobs"))
		.field("response_format", FORWARD, "structured output", Shapers.object("response_format"))
		.field("tools", FORWARD, "function tools; server-side tools below",
				Tools.shaper((type) -> type.isEmpty() || type.equals("function")))
		.field("tool_choice", FORWARD, "which tool", Shapers.checked("tool_choice",
				(value) -> value.isString() || value.isObject(), "a string or an object"))
		.field("parallel_tool_calls", FORWARD, "no cost", Shapers.bool("parallel_tool_calls"))
		.field("prompt_cache_key", FORWARD, CACHE_KEY, Shapers.string("prompt_cache_key"))
		.field("user", FORWARD, "the caller's end-user id, for abuse tracking", Shapers.string("user"))
		.field("safety_identifier", FORWARD, "as `user`", Shapers.string("safety_identifier"))
		.field("verbosity", FORWARD, "length of the answer, within the output cap", Shapers.string("verbosity"))
		.field("n", BOUND, "more choices are billed as more completions: lowered to 1", (value, policing) -> {
			if (!value.isIntegralNumber() || value.asLong() < 1) {
				throw invalid("n", "`n` must be a positive integer.");
			}
			return IntNode.valueOf(1);
		})
		.drop("models", ROUTING)
		.drop("route", ROUTING)
		.drop("provider", ROUTING + " (`max_price`, `order`)")
		.drop("preset", "a preset chooses models and settings elsewhere")
		.drop("transforms", "changes how much of the prompt is billed")
		.drop("plugins", "web search and PDF parsing are billed on top of the tokens")
		.drop("web_search_options", "web search is billed on top of the tokens")
		.drop("service_tier", "a priority tier is billed above the standard price")
		.drop("modalities", "audio and image output are billed above text")
		.drop("audio", "audio output is billed above text")
		.drop("prediction", "rejected prediction tokens are billed as output")
		.drop("store", "OpenRouter keeps nothing")
		.drop("metadata", "OpenRouter keeps nothing")
		.parts(List.of(Tools.clientRow("`function`"),
				Tools.serverRow("`openrouter:web_search`, `openrouter:web_fetch`, `openrouter:image_generation`")))
		.files("file")
		.parts(Parts.ROWS)
		.build();

	/** OpenAI's Responses API, against OpenRouter's stateless one: what Codex CLI speaks. */
	public static final RequestPolicy RESPONSES = RequestPolicy.builder("responses")
		.always("model", FORWARD, "a model the allow-list offers (else 400 `invalid_model`); the default model when "
				+ "left out", Shapers.model(false))
		.always("input", FORWARD, "the prompt: a string or a non-empty array of items", (value, policing) -> {
			if (value == null) {
				throw invalid("input", "`input` is required: a string or an array of items.");
			}
			if (value.isString() ? value.asString().isBlank()
					: !value.isArray() || value.isEmpty() || !value.valueStream().allMatch(JsonNode::isObject)) {
				throw invalid("input", "`input` must be a non-blank string or a non-empty array of items (objects).");
			}
			return value;
		})
		.field("instructions", FORWARD, "the system prompt", Shapers.string("instructions"))
		.field("stream", FORWARD, "streamed or not", Shapers.bool("stream"))
		.always("max_output_tokens", BOUND, TOKENS + "; the cap is sent when it is left out",
				Shapers.outputCap("max_output_tokens", true))
		.field("reasoning", BOUND, "`effort` lowered to `high`, `summary` as sent, `max_tokens` to the output cap",
				Shapers.reasoning())
		.field("include", FORWARD, "`reasoning.encrypted_content` lets the client replay reasoning; no cost",
				Shapers.strings("include"))
		.field("temperature", FORWARD, "0 to 2", Shapers.number("temperature", 0, 2))
		.field("top_p", FORWARD, "0 to 1", Shapers.number("top_p", 0, 1))
		.field("top_logprobs", FORWARD, "no cost", Shapers.integer("top_logprobs"))
		.field("tools", FORWARD, "function, custom and namespace tools; server-side tools below",
				Tools.shaper(Set.of("", "function", "custom", "namespace", "local_shell", "apply_patch")::contains))
		.field("tool_choice", FORWARD, "which tool", Shapers.checked("tool_choice",
				(value) -> value.isString() || value.isObject(), "a string or an object"))
		.field("parallel_tool_calls", FORWARD, "no cost", Shapers.bool("parallel_tool_calls"))
		.field("max_tool_calls", FORWARD, "bounds tool calls", Shapers.integer("max_tool_calls"))
		.field("text", FORWARD, "output format and verbosity", Shapers.object("text"))
		.field("truncation", FORWARD, "no cost", Shapers.string("truncation"))
		.field("prompt_cache_key", FORWARD, CACHE_KEY, Shapers.string("prompt_cache_key"))
		.field("user", FORWARD, "the caller's end-user id, for abuse tracking", Shapers.string("user"))
		.field("safety_identifier", FORWARD, "as `user`", Shapers.string("safety_identifier"))
		.field("store", FORWARD, "only `false`: OpenRouter's Responses API is stateless (`true` is refused)",
				(value, policing) -> {
					if (!value.isBoolean() || value.asBoolean()) {
						throw invalid("store", "`store` may only be false: OpenRouter's Responses API is stateless.");
					}
					return value;
				})
		.refuse("previous_response_id", "OpenRouter's Responses API is stateless: send the whole conversation in "
				+ "`input`")
		.refuse("conversation", "OpenRouter's Responses API is stateless: send the whole conversation in `input`")
		.field("background", FORWARD, "only `false`: background responses are not relayed (`true` is refused)",
				(value, policing) -> {
					if (!value.isBoolean() || value.asBoolean()) {
						throw invalid("background", "`background` may only be false: background responses are not "
								+ "relayed.");
					}
					return null;
				})
		.drop("client_metadata", "the client's own ids (Codex: thread, turn, installation); OpenRouter needs none")
		.drop("metadata", "OpenRouter keeps nothing")
		.drop("service_tier", "a priority tier is billed above the standard price")
		.drop("models", ROUTING)
		.drop("provider", ROUTING + " (`max_price`, `order`)")
		.drop("plugins", "web search and PDF parsing are billed on top of the tokens")
		.parts(List.of(Tools.clientRow("`function`, `custom`, `namespace`, `local_shell`, `apply_patch`"),
				Tools.serverRow("`web_search`, `web_search_preview`, `file_search`, `code_interpreter`, "
						+ "`image_generation`, `mcp`")))
		.files("input_file")
		.parts(Parts.ROWS)
		.build();

	/** Anthropic's Messages API, as OpenRouter speaks it: what Claude Code speaks. */
	public static final RequestPolicy MESSAGES = RequestPolicy.builder("messages")
		.always("model", FORWARD, "required; a model the allow-list offers (else 400 `invalid_model`)",
				Shapers.model(true))
		.always("messages", FORWARD, "the prompt; a non-empty array of objects with a `role`", Shapers.messages())
		.field("system", FORWARD, "a string or text blocks", Shapers.checked("system", (value) -> value.isString()
				|| (value.isArray() && value.valueStream().allMatch(JsonNode::isObject)),
				"a string or an array of content blocks"))
		.always("max_tokens", BOUND, "required; " + TOKENS, (value, policing) -> {
			if (value == null) {
				throw invalid("max_tokens", "`max_tokens` is required: a positive integer.");
			}
			return Shapers.outputCap("max_tokens", false).shape(value, policing);
		})
		.field("thinking", BOUND, "`adaptive` and `disabled` as sent; `enabled` with `budget_tokens` lowered below "
				+ "`max_tokens` (dropped when that leaves less than Anthropic's minimum of 1,024)", Policies::thinking)
		.field("output_config", FORWARD, "`effort` and the output format; within the output cap",
				Shapers.object("output_config"))
		.field("context_management", FORWARD, "clears old thinking and tool results: fewer input tokens",
				Shapers.object("context_management"))
		.field("stream", FORWARD, "streamed or not", Shapers.bool("stream"))
		.field("temperature", FORWARD, "0 to 1", Shapers.number("temperature", 0, 1))
		.field("top_p", FORWARD, "0 to 1", Shapers.number("top_p", 0, 1))
		.field("top_k", FORWARD, "sampling", Shapers.checked("top_k",
				(value) -> value.isIntegralNumber() && value.asLong() >= 0, "a non-negative integer"))
		.field("stop_sequences", FORWARD, "no cost", Shapers.strings("stop_sequences"))
		.field("tools", FORWARD, "custom tools and the tools the client runs (`bash_*`, `text_editor_*`, "
				+ "`computer_*`, `memory_*`); server-side tools below", Tools.shaper(Policies::anthropicClientTool))
		.field("tool_choice", FORWARD, "which tool", Shapers.object("tool_choice"))
		.field("metadata", BOUND, "replaced by `{\"user_id\": <the service's hash of the user>}`: Claude Code's "
				+ "`user_id` holds device and session ids", (value, policing) -> {
					ObjectNode metadata = JsonNodeFactory.instance.objectNode();
					metadata.put("user_id", policing.userHash());
					return metadata;
				})
		.drop("service_tier", "a priority tier is billed above the standard price")
		.drop("container", "code execution containers are billed per hour")
		.drop("mcp_servers", "remote MCP servers are called by the provider, on top of the tokens")
		.parts(List.of(Tools.clientRow("custom (no `type`, or `custom`), `bash_*`, `text_editor_*`, `computer_*`, "
				+ "`memory_*`"), Tools.serverRow("`web_search_*`, `web_fetch_*`, `code_execution_*`")))
		.parts(Parts.ROWS)
		.headers(HeaderPolicy.ANTHROPIC)
		.build();

	/** Every agent API's policy, in the order docs/agents.md shows them. */
	public static final List<RequestPolicy> ALL = List.of(CHAT, RESPONSES, MESSAGES);

	/** Anthropic's smallest thinking budget. */
	static final int MIN_THINKING_BUDGET = 1024;

	private Policies() {
	}

	private static boolean anthropicClientTool(String type) {
		return type.isEmpty() || type.equals("custom") || type.startsWith("bash_") || type.startsWith("text_editor_")
				|| type.startsWith("computer_") || type.startsWith("memory_");
	}

	/** Extended thinking within the output cap: its tokens are billed as output and count toward {@code max_tokens}. */
	private static JsonNode thinking(JsonNode value, Policing policing) {
		String type = value.path("type").asString("");
		if (!value.isObject() || !List.of("enabled", "adaptive", "disabled").contains(type)) {
			throw invalid("thinking", "`thinking` must be {\"type\": \"adaptive\"}, {\"type\": \"enabled\", "
					+ "\"budget_tokens\": n} or {\"type\": \"disabled\"}.");
		}
		if (!type.equals("enabled")) {
			return value;
		}
		JsonNode budget = value.path("budget_tokens");
		if (!budget.isIntegralNumber() || budget.asLong() < 1) {
			throw invalid("thinking", "`thinking.budget_tokens` must be a positive integer.");
		}
		JsonNode asked = policing.request().path("max_tokens");
		int ceiling = (int) Math.min(policing.maxTokens(), asked.isIntegralNumber() ? asked.asLong() : Long.MAX_VALUE)
				- 1;
		if (ceiling < MIN_THINKING_BUDGET) {
			policing.drop("thinking");
			return null;
		}
		ObjectNode sent = ((ObjectNode) value).deepCopy();
		sent.put("budget_tokens", (int) Math.min(budget.asLong(), ceiling));
		return sent;
	}

}
