package io.autorenew.gateway;

import java.util.List;
import java.util.regex.Pattern;

import io.autorenew.InvalidSettingException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the request policy of the three agent APIs ({@code /v1/chat/completions},
 * {@code /v1/responses}, {@code /v1/messages}) lets through besides its defaults: each is
 * something that costs extra, which the operator takes on for every user.
 *
 * @param passthroughFields request fields sent to OpenRouter as the caller wrote them, on every agent API,
 * instead of being dropped, comma-separated (empty by default): OpenRouter's {@code models}, {@code provider},
 * {@code plugins}, {@code service_tier} or a field the policy does not know. Fields the policy refuses
 * ({@code store: true}, {@code previous_response_id}) stay refused. A name that is not a field name stops
 * start-up ({@code OPENROUTER_PASSTHROUGH_FIELDS})
 * @param serverTools server-side tools (run and billed by OpenRouter or the provider) sent on instead of being
 * dropped, by their {@code type}, comma-separated; a trailing {@code *} matches a prefix: {@code web_search},
 * {@code openrouter:web_search}, {@code web_search_20250305}, {@code code_execution_*}. Empty by default: every
 * server tool is dropped. An allowed tool's {@code max_uses} and {@code max_results} are lowered to 5
 * ({@code OPENROUTER_SERVER_TOOLS})
 * @param allowedBetas {@code anthropic-beta} values that add cost ({@code context-1m-*},
 * {@code extended-cache-ttl-*}, {@code code-execution-*}, {@code web-fetch-*}, {@code mcp-client-*}) sent on
 * instead of being dropped, comma-separated, a trailing {@code *} matching a prefix. Betas that add no cost
 * are always sent on, unknown ones always dropped ({@code OPENROUTER_ALLOWED_BETAS})
 * @param longCache whether {@code cache_control} with {@code "ttl": "1h"} is sent on as written (writing a
 * one-hour cache entry costs twice the input price); when false (the default) the {@code ttl} is dropped, so
 * the entry lives the standard 5 minutes ({@code OPENROUTER_CACHE_TTL_1H})
 * @param maxInputChars the most characters of text one agent request may carry in its prompt (messages,
 * input, system, instructions and tools, counted over their strings); more gets 400 {@code input_too_large}.
 * The default, 800,000, is about 200,000 tokens, the context window of the default Claude models
 * ({@code OPENROUTER_MAX_INPUT_CHARS})
 */
@ConfigurationProperties("gateway")
public record GatewayProperties(@DefaultValue("") List<String> passthroughFields,
		@DefaultValue("") List<String> serverTools, @DefaultValue("") List<String> allowedBetas,
		@DefaultValue("false") boolean longCache, @DefaultValue("800000") int maxInputChars) {

	/** What an allowed server tool's {@code max_uses} or {@code max_results} is lowered to. */
	public static final int MAX_SERVER_TOOL_USES = 5;

	private static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,100}\\*?");

	public GatewayProperties {
		passthroughFields = cleaned(passthroughFields);
		serverTools = cleaned(serverTools);
		allowedBetas = cleaned(allowedBetas);
		for (String field : passthroughFields) {
			if (!FIELD.matcher(field).matches()) {
				throw new InvalidSettingException("OPENROUTER_PASSTHROUGH_FIELDS holds '" + field
						+ "', which is not a request field name (letters, digits and _)");
			}
		}
		for (String name : serverTools) {
			if (!NAME.matcher(name).matches()) {
				throw new InvalidSettingException("OPENROUTER_SERVER_TOOLS holds '" + name
						+ "', which is not a tool type (letters, digits, _ . : -, and a trailing *)");
			}
		}
		for (String name : allowedBetas) {
			if (!NAME.matcher(name).matches()) {
				throw new InvalidSettingException("OPENROUTER_ALLOWED_BETAS holds '" + name
						+ "', which is not a beta name (letters, digits, _ . : -, and a trailing *)");
			}
		}
		if (maxInputChars < 1) {
			throw new InvalidSettingException("OPENROUTER_MAX_INPUT_CHARS must be at least 1");
		}
	}

	public boolean passesThrough(String field) {
		return this.passthroughFields.contains(field);
	}

	public boolean allowsServerTool(String type) {
		return matches(this.serverTools, type);
	}

	public boolean allowsBeta(String beta) {
		return matches(this.allowedBetas, beta);
	}

	private static boolean matches(List<String> names, String value) {
		for (String name : names) {
			if (name.endsWith("*") ? value.startsWith(name.substring(0, name.length() - 1)) : value.equals(name)) {
				return true;
			}
		}
		return false;
	}

	private static List<String> cleaned(List<String> values) {
		return values.stream().map(String::strip).filter((value) -> !value.isEmpty()).toList();
	}

}
