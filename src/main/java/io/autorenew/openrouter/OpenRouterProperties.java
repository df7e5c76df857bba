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
 * @param baseUrl API base, e.g. {@code https://openrouter.ai/api/v1}
 * @param defaultModel model used when a request names none
 * @param httpReferer sent as {@code HTTP-Referer} (OpenRouter app attribution)
 * @param appTitle sent as {@code X-Title}
 * @param connectTimeout TCP connect timeout for chat calls
 * @param readTimeout how long a chat call may take (LLM calls are slow)
 * @param allowedModels when not empty, the only models callers may ask for
 * ({@code OPENROUTER_ALLOWED_MODELS}, comma-separated); the default model must be one of them
 */
@Validated
@ConfigurationProperties("openrouter")
public record OpenRouterProperties(@NotNull URI baseUrl, @NotBlank String defaultModel,
		@DefaultValue("https://github.com/autorenew/analysis-service") String httpReferer,
		@DefaultValue("analysis-service") String appTitle, @DefaultValue("5s") Duration connectTimeout,
		@DefaultValue("120s") Duration readTimeout, @DefaultValue("") List<String> allowedModels) {

	public OpenRouterProperties {
		allowedModels = allowedModels.stream().map(String::trim).filter((model) -> !model.isEmpty()).toList();
		if (!allowedModels.isEmpty() && !allowedModels.contains(defaultModel)) {
			throw new InvalidSettingException("OPENROUTER_DEFAULT_MODEL (" + defaultModel
					+ ") must be one of OPENROUTER_ALLOWED_MODELS");
		}
	}

	/** Whether callers may ask for {@code model}. */
	public boolean allows(String model) {
		return this.allowedModels.isEmpty() || this.allowedModels.contains(model);
	}

	/** The base URL with a trailing slash removed, ready to prefix a path. */
	public String base() {
		String url = this.baseUrl.toString();
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

}
