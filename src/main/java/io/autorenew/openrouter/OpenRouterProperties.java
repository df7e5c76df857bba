package io.autorenew.openrouter;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.autorenew.InvalidSettingException;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the OpenRouter chat API ({@code OPENROUTER_*} environment variables).
 *
 * @param baseUrl OpenRouter's API base, for chat and key calls ({@code OPENROUTER_BASE_URL})
 * @param defaultModel the model used when a request names none; it must be one of the allowed models, else
 * start-up fails ({@code OPENROUTER_DEFAULT_MODEL})
 * @param httpReferer sent as {@code HTTP-Referer} on chat calls (OpenRouter's app attribution)
 * ({@code OPENROUTER_HTTP_REFERER})
 * @param appTitle sent as {@code X-Title} on chat calls ({@code OPENROUTER_APP_TITLE})
 * @param connectTimeout TCP connect timeout of each chat attempt and of {@code GET /key} (key usage)
 * ({@code OPENROUTER_CONNECT_TIMEOUT})
 * @param readTimeout read timeout of each chat attempt and of {@code GET /key} (LLM calls are slow), from its
 * start to the answer's last byte, checked every tenth of it and at most every 100 ms; the last attempt timing
 * out answers 504 {@code upstream_timeout} ({@code OPENROUTER_READ_TIMEOUT})
 * @param allowedModels the model ids callers may ask for, comma-separated; another model gets 400
 * {@code invalid_model}. Unset or empty: seven current defaults, cheap and mid-priced ({@code openai/gpt-4o-mini},
 * {@code openai/gpt-4.1-mini}, {@code openai/gpt-5-mini}, {@code google/gemini-2.5-flash},
 * {@code anthropic/claude-haiku-4.5}, {@code anthropic/claude-sonnet-4.6},
 * {@code meta-llama/llama-3.3-70b-instruct}); {@code *}:
 * any id of the form {@code vendor/model[:variant]} ({@code OPENROUTER_ALLOWED_MODELS})
 * @param streamHeartbeat how long a relayed stream may stay quiet before the service writes an SSE comment to
 * the caller: how a caller that went away is noticed and OpenRouter's stream cancelled
 * ({@code OPENROUTER_STREAM_HEARTBEAT})
 * @param maxTokens the most output tokens (thinking included) one request may ask for: every chat request
 * carries {@code max_tokens}, the caller's own lowered to this, or this when the caller gave none. The default,
 * 32,000, is what Claude Code asks for on current models (with a thinking budget of 31,999); Codex CLI asks
 * for none. A lower cap still works with the agents: a thinking budget is lowered below it. The user's budget
 * bounds the money ({@code OPENROUTER_MAX_TOKENS})
 * @param sslBundle the name of a Spring SSL bundle ({@code spring.ssl.bundle.*}) whose trust material the
 * OpenRouter clients use, for a TLS-inspecting proxy's certificate authority; unset: the JVM's default trust
 * store ({@code OPENROUTER_SSL_BUNDLE})
 * @param http2 chat calls and streams over HTTP/2 where {@code https} offers it (OpenRouter does): many on one
 * connection, so an open stream holds one socket instead of two; the first stream a server refuses teaches its
 * limit per connection, and later ones go to a connection with room. On by default; {@code false} keeps HTTP/1.1,
 * a connection per call in flight (bench/NOTES.md, "Issue 38: HTTP/2 connections opened ahead of the limit")
 * ({@code OPENROUTER_HTTP2})
 */
@Validated
@ConfigurationProperties("openrouter")
public record OpenRouterProperties(@NotNull @DefaultValue("https://openrouter.ai/api/v1") URI baseUrl,
		@NotBlank @DefaultValue("openai/gpt-4o-mini") String defaultModel,
		@DefaultValue("https://github.com/autorenew/analysis-service") String httpReferer,
		@DefaultValue("analysis-service") String appTitle, @DefaultValue("5s") Duration connectTimeout,
		@DefaultValue("120s") Duration readTimeout, @DefaultValue("") List<String> allowedModels,
		@DefaultValue("32000") int maxTokens, @DefaultValue("1s") Duration streamHeartbeat,
		@DefaultValue("") String sslBundle, @DefaultValue("true") boolean http2) {

	/**
	 * The models offered when {@code OPENROUTER_ALLOWED_MODELS} is unset: current models (none
	 * retired, December 2026) at the cheap end of OpenRouter's price list, and one current model
	 * of each agent's own vendor family that the coding agents run well on (Claude Code's
	 * defaults on {@code anthropic/claude-sonnet-4.6}); none of the dearest. The user's budget
	 * bounds what they spend.
	 */
	public static final List<String> DEFAULT_ALLOWED_MODELS = List.of("openai/gpt-4o-mini", "openai/gpt-4.1-mini",
			"openai/gpt-5-mini", "google/gemini-2.5-flash", "anthropic/claude-haiku-4.5", "anthropic/claude-sonnet-4.6",
			"meta-llama/llama-3.3-70b-instruct");

	/** The value of {@code OPENROUTER_ALLOWED_MODELS} that offers every model. */
	public static final String ANY_MODEL = "*";

	public OpenRouterProperties {
		allowedModels = allowedModels.stream().map(String::trim).filter((model) -> !model.isEmpty()).toList();
		if (allowedModels.isEmpty()) {
			allowedModels = DEFAULT_ALLOWED_MODELS;
		}
		if (allowedModels.contains(ANY_MODEL) && allowedModels.size() > 1) {
			throw new InvalidSettingException("OPENROUTER_ALLOWED_MODELS is either * or a list of models, not both");
		}
		if (streamHeartbeat.isNegative() || streamHeartbeat.isZero()) {
			throw new InvalidSettingException("OPENROUTER_STREAM_HEARTBEAT must be a positive duration such as 1s");
		}
		if (maxTokens < 1) {
			throw new InvalidSettingException("OPENROUTER_MAX_TOKENS must be at least 1");
		}
		if (!allowsAny(allowedModels) && !allowedModels.contains(defaultModel)) {
			throw new InvalidSettingException("OPENROUTER_DEFAULT_MODEL (" + defaultModel
					+ ") must be one of OPENROUTER_ALLOWED_MODELS");
		}
	}

	/** Whether callers may ask for {@code model}. */
	/**
	 * Why a model is refused, for the caller: the models the service offers (or where to find
	 * them), so the next request can name one.
	 */
	public String refusedModelDetail() {
		String where = "GET /v1/models lists them";
		if (this.allowedModels.size() > 12) {
			return "This model is not offered by the service; " + where + ".";
		}
		return "This model is not offered by the service. Offered: " + String.join(", ", this.allowedModels) + " ("
				+ where + ").";
	}

	public boolean allows(String model) {
		return allowsAny(this.allowedModels) || this.allowedModels.contains(model);
	}

	/** The {@code max_tokens} to send: what the caller asked for, at most the cap; the cap if it asked for none. */
	public int maxTokensFor(Integer requested) {
		return (requested == null) ? this.maxTokens : Math.min(requested, this.maxTokens);
	}

	private static boolean allowsAny(List<String> models) {
		return models.equals(List.of(ANY_MODEL));
	}

	/** The base URL with a trailing slash removed, ready to prefix a path. */
	public String base() {
		String url = this.baseUrl.toString();
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

}
