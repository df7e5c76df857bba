package io.autorenew.support;

/**
 * Every lever of the request policy an operator may pull, pulled at once: the tests of those
 * levers (in the gateway, the OpenAI API and with the coding agents) name all of them, so they
 * share one application context instead of starting one each.
 */
public final class OperatorAllowances {

	public static final String SERVER_TOOLS = "OPENROUTER_SERVER_TOOLS=web_search, web_search_*, openrouter:web_search";

	public static final String BETAS = "OPENROUTER_ALLOWED_BETAS=context-1m-*";

	public static final String CACHE_TTL_1H = "OPENROUTER_CACHE_TTL_1H=true";

	public static final String PASSTHROUGH = "OPENROUTER_PASSTHROUGH_FIELDS=provider, plugins";

	private OperatorAllowances() {
	}

}
