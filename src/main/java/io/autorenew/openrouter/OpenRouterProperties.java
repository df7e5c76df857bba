package io.autorenew.openrouter;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the OpenRouter chat API ({@code OPENROUTER_*} environment variables).
 *
 * @param baseUrl API base, e.g. {@code https://openrouter.ai/api/v1}
 * @param defaultModel model used when a request names none
 * @param httpReferer sent as {@code HTTP-Referer} (OpenRouter app attribution)
 * @param appTitle sent as {@code X-Title}
 * @param connectTimeout TCP connect timeout for chat calls
 * @param readTimeout how long a chat call may take (LLM calls are slow)
 */
@Validated
@ConfigurationProperties("openrouter")
public record OpenRouterProperties(@NotNull URI baseUrl, @NotBlank String defaultModel,
		@DefaultValue("https://github.com/autorenew/analysis-service") String httpReferer,
		@DefaultValue("analysis-service") String appTitle, @DefaultValue("5s") Duration connectTimeout,
		@DefaultValue("120s") Duration readTimeout) {

	/** The base URL with a trailing slash removed, ready to prefix a path. */
	public String base() {
		String url = this.baseUrl.toString();
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

}
