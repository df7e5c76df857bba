package io.autorenew.gateway;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Which of the caller's headers go upstream. OpenRouter gets the user's key, the service's
 * {@code HTTP-Referer} and {@code X-Title}, and for the Messages API {@code anthropic-version}
 * and the {@code anthropic-beta} values of {@link #BETAS}: those that add no cost always,
 * those that add cost when the operator allows them ({@code OPENROUTER_ALLOWED_BETAS}),
 * unknown ones never.
 */
final class HeaderPolicy {

	/** A known {@code anthropic-beta} family: its name up to the date, whether it adds cost, and what it does. */
	record Beta(String prefix, boolean costly, String what) {
	}

	static final List<Beta> BETAS = List.of(new Beta("claude-code-", false, "Claude Code's own requests"),
			new Beta("interleaved-thinking-", false, "thinking between tool calls, within the output cap"),
			new Beta("context-management-", false, "clearing old tool results and thinking"),
			new Beta("effort-", false, "`output_config.effort`"),
			new Beta("thinking-token-count-", false, "counts of thinking tokens in usage"),
			new Beta("advanced-tool-use-", false, "deferred tool loading and tool examples"),
			new Beta("fine-grained-tool-streaming-", false, "tool input streamed as it is written"),
			new Beta("token-efficient-tools-", false, "fewer tokens per tool call"),
			new Beta("prompt-caching-", false, "5-minute prompt caching"),
			new Beta("output-128k-", false, "longer outputs, still lowered to OPENROUTER_MAX_TOKENS"),
			new Beta("structured-outputs-", false, "JSON outputs"),
			new Beta("context-1m-", true, "a 1M-token context, billed at a higher rate past 200K tokens"),
			new Beta("extended-cache-ttl-", true, "one-hour cache entries, written at twice the input price"),
			new Beta("code-execution-", true, "code execution billed per container hour"),
			new Beta("web-fetch-", true, "server-side web fetches"),
			new Beta("mcp-client-", true, "remote MCP servers called by the provider"));

	static final HeaderPolicy NONE = new HeaderPolicy(false);

	static final HeaderPolicy ANTHROPIC = new HeaderPolicy(true);

	private static final Pattern VERSION = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

	private static final Pattern BETA = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

	private final boolean anthropic;

	private HeaderPolicy(boolean anthropic) {
		this.anthropic = anthropic;
	}

	Map<String, String> apply(UnaryOperator<String> header, Policing policing) {
		if (!this.anthropic) {
			return Map.of();
		}
		Map<String, String> sent = new LinkedHashMap<>();
		String version = header.apply("anthropic-version");
		if (version != null && VERSION.matcher(version.strip()).matches()) {
			sent.put("anthropic-version", version.strip());
		}
		String betas = header.apply("anthropic-beta");
		if (betas != null) {
			List<String> kept = new ArrayList<>();
			for (String beta : betas.split(",")) {
				String name = beta.strip();
				if (name.isEmpty()) {
					continue;
				}
				if (sendsBeta(name, policing)) {
					if (!kept.contains(name)) {
						kept.add(name);
					}
				}
				else {
					policing.drop("anthropic-beta=" + (BETA.matcher(name).matches() ? name : "?"));
				}
			}
			if (!kept.isEmpty()) {
				sent.put("anthropic-beta", String.join(",", kept));
			}
		}
		return sent;
	}

	private static boolean sendsBeta(String name, Policing policing) {
		if (!BETA.matcher(name).matches()) {
			return false;
		}
		for (Beta beta : BETAS) {
			if (name.startsWith(beta.prefix())) {
				return !beta.costly() || policing.gateway().allowsBeta(name);
			}
		}
		return false;
	}

	List<PolicyRule> rows() {
		if (!this.anthropic) {
			return List.of(PolicyRule.of("headers", Treatment.DROP,
					"none goes upstream: OpenRouter gets the user's key, HTTP-Referer and X-Title"));
		}
		List<PolicyRule> rows = new ArrayList<>();
		rows.add(PolicyRule.of("header `anthropic-version`", Treatment.FORWARD, "the API version the client speaks"));
		for (Beta beta : BETAS) {
			String item = "header `anthropic-beta: " + beta.prefix() + "*`";
			rows.add(beta.costly() ? PolicyRule.optIn(item, "OPENROUTER_ALLOWED_BETAS", "adds cost: " + beta.what())
					: PolicyRule.of(item, Treatment.FORWARD, "adds no cost: " + beta.what()));
		}
		rows.add(PolicyRule.of("header `anthropic-beta`, any other value", Treatment.DROP,
				"unknown betas can change cost or be refused upstream"));
		rows.add(PolicyRule.of("other headers", Treatment.DROP,
				"OpenRouter gets the user's key, HTTP-Referer and X-Title"));
		return rows;
	}

}
