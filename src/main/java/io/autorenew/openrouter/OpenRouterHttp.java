package io.autorenew.openrouter;

import java.net.http.HttpClient;
import java.time.Duration;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.web.client.RestClient;

/**
 * Builds a {@link RestClient} for one OpenRouter API from Boot's shared builder, with that
 * API's own timeouts: chat calls are slow, key-management calls are fast.
 */
public final class OpenRouterHttp {

	private OpenRouterHttp() {
	}

	public static RestClient client(RestClient.Builder builder, OpenRouterProperties properties,
			Duration connectTimeout, Duration readTimeout) {
		HttpClientSettings settings = HttpClientSettings.defaults()
			.withConnectTimeout(connectTimeout)
			.withReadTimeout(readTimeout);
		return builder.clone()
			.baseUrl(properties.base())
			.requestFactory(ClientHttpRequestFactoryBuilder.jdk()
				.withHttpClientCustomizer((client) -> client.version(HttpClient.Version.HTTP_1_1))
				.build(settings))
			.build();
	}

}
