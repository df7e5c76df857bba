package io.autorenew.web;

import java.time.Clock;

import io.github.bucket4j.distributed.proxy.ProxyManager;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Puts the per-user rate limit in front of the APIs that spend credits: the analysis API and
 * the OpenAI-compatible one share each user's bucket, and on a shared MongoDB every instance
 * shares it too (the store provides the buckets; on the embedded store they stay in memory).
 */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration implements WebMvcConfigurer {

	private final RateLimitInterceptor rateLimit;

	RateLimitConfiguration(RateLimitProperties properties, Clock clock,
			ObjectProvider<ProxyManager<String>> sharedBuckets) {
		this.rateLimit = new RateLimitInterceptor(
				new UserRateLimiter(properties.perMinute(), clock, sharedBuckets.getIfAvailable()));
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this.rateLimit).addPathPatterns("/analysis", "/analysis/**", "/v1/**");
	}

}
