package io.autorenew.openrouter;

import java.time.Clock;

import tools.jackson.databind.ObjectMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.retry.backoff.ExponentialRandomBackOffPolicy;
import org.springframework.retry.backoff.Sleeper;
import org.springframework.retry.backoff.ThreadWaitSleeper;
import org.springframework.retry.support.RetryTemplate;
import org.springframework.web.client.RestClient;

/** Wires the chat client from Boot's {@link RestClient.Builder}, with chat's own timeouts. */
@Configuration(proxyBeanMethods = false)
class OpenRouterConfiguration {

	/** Retries chat calls with spring-retry: see {@link ChatRetryPolicy} and {@link ChatBackOffPolicy}. */
	static RetryTemplate chatRetry(OpenRouterRetryProperties properties, Clock clock) {
		Sleeper sleeper = new ThreadWaitSleeper();
		ExponentialRandomBackOffPolicy exponential = new ExponentialRandomBackOffPolicy();
		exponential.setInitialInterval(properties.initialBackOff().toMillis());
		exponential.setMultiplier(2.0);
		exponential.setMaxInterval(properties.maxBackOff().toMillis());
		exponential.setSleeper(sleeper);
		RetryTemplate template = new RetryTemplate();
		template.setRetryPolicy(new ChatRetryPolicy(properties.maxAttempts(), properties.deadline(), clock));
		template.setBackOffPolicy(new ChatBackOffPolicy(exponential, sleeper));
		template.setThrowLastExceptionOnExhausted(true);
		return template;
	}

	@Bean
	OpenRouterErrors openRouterErrors(ObjectMapper json, Clock clock) {
		return new OpenRouterErrors(json, clock);
	}

	@Bean
	OpenRouterHttp openRouterHttp(RestClient.Builder builder, OpenRouterProperties properties) {
		return new OpenRouterHttp(builder, properties);
	}

	@Bean
	OpenRouterClient openRouterClient(OpenRouterHttp clients, OpenRouterProperties properties,
			OpenRouterErrors errors, OpenRouterRetryProperties retry, Clock clock) {
		RestClient http = clients.client(properties.connectTimeout(), properties.readTimeout())
			.mutate()
			.defaultHeader("HTTP-Referer", properties.httpReferer())
			.defaultHeader("X-Title", properties.appTitle())
			.build();
		return new OpenRouterClient(http, errors, chatRetry(retry, clock));
	}

}
